"""The shared test world: one district with two sibling subdistricts, and one user per role.

    D 雁南区 (district)            workroom wr.d     liaison: liaison office; area_admin: admin
    ├── A 长安街道 (subdistrict)    workroom wr.a     clerk_a: clerk; representative
    │   └── A1 兴善社区 (community) workroom wr.a1
    └── B 曲池街道 (subdistrict)    workroom wr.b     clerk_b: clerk

Nobody above reaches ``foreign_workroom`` (another district). Anonymous is pytest-django's
``client``. ``area_admin`` holds the admin role but is not a superuser; pytest-django's own
``admin_user`` / ``admin_client`` remain the superuser.
"""

import socket
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from accounts.models import RoleKind
from tests.factories import AreaFactory, RoleFactory, UserFactory, WorkroomFactory
from tests.helpers import client_for
from workrooms.models import AreaKind, WorkroomLevel


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth counts failed sign-ins in the cache; with Redis it outlives a test's transaction.
    cache.clear()
    yield
    cache.clear()


LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    """Nothing in the tests leaves this machine: group robots are a local recorder
    (tests/notices), mail and SMS in-memory backends. Looking up or connecting to any other
    host fails at once, so a test that would call out to the internet fails instead."""
    real_connect, real_lookup = socket.socket.connect, socket.getaddrinfo

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK:
            raise ConnectionRefusedError(f"tests do not reach the internet ({address[0]})")
        return real_connect(self, address)

    def lookup(host, *args, **kwargs):
        if host is not None and str(host) not in LOOPBACK:
            raise socket.gaierror(f"tests do not reach the internet ({host})")
        return real_lookup(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded evidence goes to a throwaway directory, never to var/media."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def celery_in_process(monkeypatch):
    """Tasks run in the test's process whatever the broker (with REDIS_URL they would go to
    Redis and no test would see their mail)."""
    from config.celery import app as celery_app

    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)


@pytest.fixture
def areas(db):
    d = AreaFactory(name="雁南区", kind=AreaKind.DISTRICT, code="T-D")
    a = AreaFactory(parent=d, name="长安街道", kind=AreaKind.SUBDISTRICT, code="T-A")
    b = AreaFactory(parent=d, name="曲池街道", kind=AreaKind.SUBDISTRICT, code="T-B")
    a1 = AreaFactory(parent=a, name="兴善社区", kind=AreaKind.COMMUNITY, code="T-A1")
    for area in (d, a, b, a1):
        area.refresh_from_db()
    return SimpleNamespace(d=d, a=a, b=b, a1=a1)


@pytest.fixture
def wr(areas):
    """One workroom on each area of the tree."""
    return SimpleNamespace(
        d=WorkroomFactory(area=areas.d, name="雁南区党代表工作室", level=WorkroomLevel.DISTRICT),
        a=WorkroomFactory(area=areas.a, name="长安街道党代表工作室"),
        a1=WorkroomFactory(
            area=areas.a1, name="兴善社区党代表工作室", level=WorkroomLevel.COMMUNITY
        ),
        b=WorkroomFactory(area=areas.b, name="曲池街道党代表工作室"),
    )


@pytest.fixture
def foreign_workroom(db):
    """A workroom in another district, out of every shared user's reach."""
    other = AreaFactory(name="岳北区", kind=AreaKind.DISTRICT, code="T-E")
    return WorkroomFactory(area=other, name="岳北区党代表工作室", level=WorkroomLevel.DISTRICT)


def _user_with_role(username, kind, area, **extra):
    user = UserFactory(username=username, **extra)
    RoleFactory(user=user, kind=kind, area=area)
    return user


@pytest.fixture
def clerk_a(areas):
    return _user_with_role("clerk_a", RoleKind.CLERK, areas.a, full_name="甲办事员")


@pytest.fixture
def clerk_b(areas):
    return _user_with_role("clerk_b", RoleKind.CLERK, areas.b, full_name="乙办事员")


@pytest.fixture
def liaison(areas):
    return _user_with_role("liaison", RoleKind.LIAISON_OFFICE, areas.d, full_name="联络办")


@pytest.fixture
def representative(areas):
    return _user_with_role("representative", RoleKind.REPRESENTATIVE, areas.a, full_name="党代表")


@pytest.fixture
def area_admin(areas):
    return _user_with_role("area_admin", RoleKind.ADMIN, areas.d, full_name="区管理员")


@pytest.fixture
def clerk_a_client(clerk_a):
    return client_for(clerk_a)


@pytest.fixture
def clerk_b_client(clerk_b):
    return client_for(clerk_b)


@pytest.fixture
def liaison_client(liaison):
    return client_for(liaison)


@pytest.fixture
def representative_client(representative):
    return client_for(representative)


@pytest.fixture
def area_admin_client(area_admin):
    return client_for(area_admin)


@pytest.fixture(scope="module")
def restore_migrated_data(django_db_blocker):
    """Put back what the data migrations created once a module's transactional tests ran.

    A transactional test ends with a flush that empties every table, the building standards,
    deadline rules and activity types of the data migrations included; ``serialized_rollback``
    restores them at the start of the module's own tests only, and other modules run after.
    """
    yield
    from django.db import connection

    from activities.models import ActivityType
    from petitions.models import DeadlinePolicy

    contents = getattr(connection, "_test_serialized_contents", None)
    with django_db_blocker.unblock():
        if contents and not (ActivityType.objects.exists() and DeadlinePolicy.objects.exists()):
            connection.creation.deserialize_db_from_string(contents)


# Loopback port 1: nothing listens there, so connecting is refused at once.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def unreachable_cache(settings):
    """The production cache backend pointed at a Redis that is down."""
    from core.cache import OUTAGE

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield
    # The outage is remembered per process: later tests must find the real cache again.
    OUTAGE.reset()


@pytest.fixture
def unreachable_broker(monkeypatch):
    """Celery sending to a broker that is down (not in-process)."""
    from config.celery import app as celery_app

    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", UNREACHABLE_REDIS)
