from accounts.models import RoleKind
from accounts.scope import grants_for, has_role


def navigation(request):
    """What the navigation shows: links follow the user's roles."""
    user = request.user
    if not user.is_authenticated:
        return {}
    kinds = {g.kind for g in grants_for(user)}
    return {
        "nav": {
            "liaison_office": has_role(user, RoleKind.LIAISON_OFFICE, RoleKind.ADMIN),
            "staff_admin": user.is_staff,
            "representative": RoleKind.REPRESENTATIVE in kinds,
            "role_names": sorted(RoleKind(k).label for k in kinds),
        }
    }
