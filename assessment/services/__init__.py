"""Every change to an assessment goes through a function in this package, one module per subject.

A finished assessment is locked: every function that changes content refuses it (drafts.lock_draft).
A change after that is a new version (versions.start_new_version), which copies the finished content
into a new draft. Callers import the submodule they need, e.g. ``from assessment.services import
versions``.
"""
