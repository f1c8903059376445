"""Demo users: one sign-in per role (password printed by the command), liaison officers."""

from accounts.models import Role, RoleKind, User
from core.demo import DEMO_PASSWORD, Login

# (username, role, area code, e-mail, liaison officer of the workroom at that area)
LOGINS = [
    ("admin", RoleKind.ADMIN, ["610113", "430304", "371626"], "admin@example.cn", False),
    ("dlb_yanta", RoleKind.LIAISON_OFFICE, ["610113"], "dlb.yanta@example.cn", False),
    ("dlb_yuetang", RoleKind.LIAISON_OFFICE, ["430304"], "dlb.yuetang@example.cn", False),
    ("clerk_shuyuan", RoleKind.CLERK, ["430304001"], "clerk.shuyuan@example.cn", True),
    ("clerk_xiaozhai", RoleKind.CLERK, ["610113001"], "clerk.xiaozhai@example.cn", True),
    ("clerk_daixi", RoleKind.CLERK, ["371626001"], "clerk.daixi@example.cn", True),
    ("rep_shuyuan", RoleKind.REPRESENTATIVE, ["430304001"], "rep.shuyuan@example.cn", False),
]


def _ensure_user(ctx, username, *, name, email="", password=None, superuser=False):
    phone = ctx.phone()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            full_name=name,
            email=email,
            phone=phone,
            is_staff=superuser,
            is_superuser=superuser,
        )
        if password:
            user.set_password(password)
        else:
            # Liaison officers without a demo login cannot sign in until given a password.
            user.set_unusable_password()
        user.save()
    ctx.users[username] = user
    return user


def build(ctx) -> None:
    for username, kind, codes, email, is_liaison in LOGINS:
        name = ctx.person_name()
        user = _ensure_user(
            ctx,
            username,
            name=name,
            email=email,
            password=DEMO_PASSWORD,
            superuser=kind == RoleKind.ADMIN,
        )
        for code in codes:
            Role.objects.get_or_create(user=user, kind=kind, area=ctx.areas[code])
        if is_liaison:
            ctx.workrooms[codes[0]].liaison_officers.add(user)
        ctx.logins.append(
            Login(
                role=str(RoleKind(kind).label),
                area="、".join(ctx.areas[c].name for c in codes),
                username=username,
                name=user.display_name,
            )
        )
    # Every other workroom gets a liaison officer of its own (no demo sign-in).
    for code, workroom in ctx.workrooms.items():
        name = ctx.person_name()
        if workroom.liaison_officers.exists():
            continue
        officer = _ensure_user(ctx, f"liaison_{code}", name=name)
        Role.objects.get_or_create(user=officer, kind=RoleKind.CLERK, area=ctx.areas[code])
        workroom.liaison_officers.add(officer)
