"""Demo data for development and demonstrations; installed only when DEBUG is on.

`manage.py seed_demo` (run by `make run`) writes two invented municipalities, their core teams,
log-ins for every role and families in every state, all through the apps' own services. Production
never imports this package: `config.settings` lists the app only with DEBUG on, and the Docker image
leaves the directory out. Nothing imports `demo`; `demo` may import every app.

* `demo.organisation`: municipalities, departments, core teams, users per role, the outside grant.
* `demo.builder`: the case builder: a family's record, referral and plan, through the services.
* `demo.assessment_content`: the assessment content (journal review, timeline, risk, meetings) for
  a family that has come that far.
* `demo.families`: one module per demo family: who they are and how far they have come.
* `demo.measurements`, `demo.fidelity`: the evaluation data (measurement waves, fidelity-survey
  rounds, later SSP levels) for the families and municipalities above.
* `demo.seed`: runs it all, phase by phase, safe to run again.
"""
