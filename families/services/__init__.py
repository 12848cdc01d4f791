"""Every change to the family case record goes through a function in one of these modules:

* cases: open a family, its own fields, status changes, reopening
* members: the people of the family
* consents, handovers
* journal (journal notes), contacts (the contact log), tasks (reminders for the core team)
* coordination (family coordinators), outside_access (grants to caseworkers outside the team)
* common: history authorship and dates that must not lie ahead, for the services of every app

Callers import the module they need: `from families.services import cases`.
"""
