"""Every change in screening goes through a function in this package, one module per subject:

* referrals: registering a referral, and every change of a referral's status (REFERRAL_TRANSITIONS)
* screenings: the team's judgements, chosen housing areas and departments needed
* visitation: meetings, decisions (include, reject, wait-list) and the wait list
* follow_up: the family declines before consent; reminders to start investigations
* housing_areas: the housing-area reference data

Callers import the module they need: ``from screening.services import visitation``.
"""
