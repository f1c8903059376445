"""Roster pages, one module per subject: ``roster`` (the overview, a workroom's month and its
generation), ``rules``, ``shifts``, ``attendance``, ``swaps``; and what representatives and the
public read: ``schedule`` (my duties, the published month schedule) and ``feeds`` (calendar
subscriptions). Thin: fetch through the scoped selectors, check the role, call the service,
redirect with a message. Out of scope is 404, in scope without the right is 403.
"""

PAGE_SIZE = 25
