"""Pages of activities, one module per subject: ``log`` (the activity log and its photos),
``resolutions``, ``wishes``, ``courses``, ``research``, ``liaison`` (talks) and ``study``.
Reads go through ``activities.selectors`` (out of scope is 404); changes are POST views that call
``activities.services`` (wrong role is 403, a refused move is a message). What every list
shares is here.
"""

PAGE_SIZE = 25


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
