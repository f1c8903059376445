from django.utils.functional import SimpleLazyObject

from notices.selectors import unread_count


def inbox(request):
    """The unread count the menu shows: counted when a page renders the menu, at most once
    (one indexed count, see ``notices.selectors.unread_count``)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notices_unread": SimpleLazyObject(lambda: unread_count(user))}
