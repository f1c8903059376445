"""State changes of activities, one module per subject: ``log``, ``resolutions``, ``wishes``,
``courses``, ``research``, ``liaison`` and ``study``. Views call these; each checks who may act
and the current state, runs in one transaction, and raises an error whose message the view
shows. Races are decided by the database: every move of a wish, a resolution, a course order or
a research report is a conditional UPDATE on its status, so of two people acting at once exactly
one succeeds.
"""
