from portal.navigation import menu_for


def navigation(request):
    """What the navigation shows: the menu sections and links the user's roles may use."""
    user = request.user
    if not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    return {
        "nav": {
            "menu": menu_for(user, match.view_name if match else ""),
            "staff_admin": user.is_staff,
        }
    }
