"""Every change to an action plan goes through a function in one of these modules, by subject:

catalogue (offer types, closing checklist), plans (start, the family's goals, activate, print),
goals (goals and steps), offers (offers, exemptions, statutory plan links), follow_ups,
reassessments, closing (phase-out, closing, aftercare, reopening), reminders (the daily due items).
Callers import the module they need: `from actionplans.services import goals`.
"""
