"""Every input survives: every URL of the URL conf and every form its pages render, driven as each
role with edge dates, huge and malformed values, hostile files and hypothesis-generated values.

Nothing answers 5xx, and a refused submission (4xx, a form shown again with errors, an error
message) writes no row. The URLs come from ``get_resolver()`` and the forms from the pages'
own HTML, so a new view or a new field is driven without touching this file.

Figures (inputs tried, refusals) are printed with ``-s``. Hypothesis runs a handful of
examples per form by default; ``HYPOTHESIS_PROFILE=thorough`` runs more.
"""

from __future__ import annotations

import io
import os
from collections import Counter
from datetime import date

import pytest
from django.contrib.messages import ERROR, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from tests.crawl import Counts, Form, FormField, Route, forms_of, routes
from tests.factories import xlsx_bomb
from tests.helpers import client_for
from tests.world import object_key, one_of_everything

pytestmark = pytest.mark.django_db

hypothesis_settings.register_profile(
    "default",
    max_examples=2,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
hypothesis_settings.register_profile(
    "thorough",
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")


EDGE_DATES = ["0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "-1"]
EDGE_MONTHS = ["0001-01", "9999-12", "0000-00", "2026-13", "99999-01"]
EDGE_NUMBERS = ["-1", "0", "99999999999999999999999", "1e400", "NaN"]
EDGE_TEXTS = ["x" * 100_000, "a\x00b", "诉求\u202e𝕌ñí", "<script>alert(1)</script>", "' OR 1=1 --"]
EDGE_CHOICES = ["999999999", "-1", "x", "99999999999999999999999", ""]
# Query strings every list and dashboard may read, whether or not a form on the page shows them.
COMMON_QUERY = {
    "month": "month",
    "page": "number",
    "year": "number",
    "date": "date",
    "workroom": "select",
    "area": "select",
    "q": "text",
}
TEXT_KINDS = {"text", "search", "email", "tel", "url", "password", "textarea"}


# --- hostile files ---------------------------------------------------------------------------


def _png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def hostile_files() -> dict[str, tuple[str, bytes, str]]:
    """(file name, bytes, content type) by what makes each hostile."""
    return {
        # 30,000 × 30,000 pixels in a few KB: Pillow's decompression-bomb limit is far below.
        "bomb": ("bomb.png", _png((30_000, 30_000)), "image/png"),
        "empty": ("empty.png", b"", "image/png"),
        "wrong type": ("photo.png", b"%PDF-1.4\n<html><script>alert(1)</script>", "image/png"),
        "huge": ("huge.jpg", b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024), "image/jpeg"),
        "xlsx bomb": ("people.xlsx", xlsx_bomb(), "application/octet-stream"),
    }


# --- the world and the roles ------------------------------------------------------------------


@pytest.fixture
def world(wr, foreign_workroom):
    return one_of_everything({**vars(wr), "foreign": foreign_workroom})


@pytest.fixture
def users(clerk_a, representative, liaison, area_admin, admin_user):
    return {
        "clerk": clerk_a,
        "representative": representative,
        "liaison": liaison,
        "admin": area_admin,
        "superuser": admin_user,
    }


def _keyword_value(route: Route, keyword: str, world) -> object:
    today = date.today()
    if keyword in route.int_keywords:
        key = object_key(route.route, keyword)
        if key is None:
            return 1
        return world["a"][key].pk
    return {"year": today.year, "month": today.month, "size": "thumb", "code": "en"}.get(
        keyword, "not-a-token"
    )


def urls_of(route: Route, world) -> list[str]:
    """The URL with objects of workroom a (in everyone's area), and with ids that do not exist."""
    found = [
        reverse(route.name, kwargs={k: _keyword_value(route, k, world) for k in route.keywords})
    ]
    if route.int_keywords:
        missing = {k: _keyword_value(route, k, world) for k in route.keywords}
        missing.update(dict.fromkeys(route.int_keywords, 2_147_483_647))
        found.append(reverse(route.name, kwargs=missing))
    return found


# --- counting writes --------------------------------------------------------------------------


def refused(response) -> bool:
    """A 4xx, a form shown again with errors, or an error message: the input was turned down."""
    if 400 <= response.status_code < 500:
        return True
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            errors = getattr(value, "errors", None)
            if getattr(value, "is_bound", False) and errors:
                return True
    # Only the messages this request added, not those still waiting from an earlier one.
    added = getattr(get_messages(response.wsgi_request), "_queued_messages", [])
    return any(m.level >= ERROR for m in added)


# --- the drive --------------------------------------------------------------------------------


class Drive:
    def __init__(self, client: Client, role: str, login) -> None:
        self.client = client
        self.role = role
        self.login = login
        self.tried = 0
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []
        self.counts = Counts()
        self.files = hostile_files()
        import time as _t

        self.spent: Counter[str] = Counter()
        self.last = _t.monotonic()

    def _record(self, method: str, url: str, data, response) -> None:
        self.tried += 1
        import time as _t

        now = _t.monotonic()
        self.spent[f"{method} {url}"] += now - self.last
        self.last = now
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            shown = {
                k: (str(v)[:40] if not isinstance(v, list) else f"[{len(v)} values]")
                for k, v in (data or {}).items()
            }
            self.failures.append(f"{self.role} {method} {url} {shown} → {response.status_code}")

    def get(self, url: str, query: dict | None = None):
        try:
            response = self.client.get(url, query or {})
        except Exception as exc:  # the test client re-raises what the handler would turn into 500
            shown = {k: str(v)[:40] for k, v in (query or {}).items()}
            self.failures.append(
                f"{self.role} GET {url} {shown} → {type(exc).__name__}: {exc}"[:300]
            )
            self.tried += 1
            return None
        self._record("GET", url, query, response)
        return response

    def post(self, url: str, data: dict):
        before = self.counts()
        try:
            response = self.client.post(url, data)
        except Exception as exc:
            shown = {k: str(v)[:40] for k, v in data.items()}
            self.failures.append(
                f"{self.role} POST {url} {shown} → {type(exc).__name__}: {exc}"[:300]
            )
            self.tried += 1
            return None
        self._record("POST", url, data, response)
        if response.status_code < 500 and refused(response):
            after = self.counts()
            written = {t: after[t] - before[t] for t in after if after[t] != before[t]}
            if written:
                self.failures.append(f"{self.role} POST {url} refused but wrote {written}")
        self.login()
        return response


def _edges_for(field: FormField) -> list[object]:
    if field.kind == "date":
        return EDGE_DATES
    if field.kind == "month":
        return EDGE_MONTHS
    if field.kind in ("number", "range"):
        return EDGE_NUMBERS
    if field.kind in ("select", "radio", "checkbox"):
        return EDGE_CHOICES
    if field.kind in ("time", "datetime-local"):
        return ["25:61", "9999-12-31T23:59", "0001-01-01T00:00", "x", ""]
    if field.kind == "hidden":
        return ["-1", "x", "99999999999999999999999", "", "\x00"]
    return EDGE_TEXTS


STRUCTURED = {"date", "month", "number", "range", "time", "datetime-local"}
SKIP_KINDS = {"submit", "button", "reset", "file"}


def _aligned(fields: list[FormField], base: dict) -> list[dict[str, object]]:
    """Five submissions, the i-th giving every field the i-th hostile value of its kind."""
    return [{**base, **{f.name: _edges_for(f)[i] for f in fields}} for i in range(5)]


def _probes(form: Form) -> list[dict[str, object]]:
    """Every field hostile at once, then each structured kind (dates, months, numbers, times) on
    its own with the other fields as the page rendered them: a check that only runs on an
    otherwise valid form (a date filter, a month handed to a service) is reached too."""
    base = form.rendered()
    fields = [f for f in form.fields if f.kind not in SKIP_KINDS]
    probes = _aligned(fields, base)
    for kind in sorted({f.kind for f in fields} & STRUCTURED):
        probes += _aligned([f for f in fields if f.kind == kind], base)
    multiple = [f for f in fields if f.multiple]
    for count in (999, 5_000):
        if multiple:
            probes.append({**base, **{f.name: [str(i) for i in range(count)] for f in multiple}})
    probes.append({f.name: "" for f in fields})
    return probes


def _value_strategy():
    return st.one_of(
        st.text(max_size=50),
        st.sampled_from(EDGE_DATES + EDGE_MONTHS + EDGE_NUMBERS + EDGE_CHOICES),
        st.integers().map(str),
        st.dates().map(str),
    )


def drive_query(drive: Drive, url: str, forms: list[Form]) -> None:
    fields = [FormField(name, kind) for name, kind in COMMON_QUERY.items()]
    for form in forms:
        if form.method == "get":
            fields += [f for f in form.fields if f.kind not in SKIP_KINDS]
    unique = list({f.name: f for f in fields}.values())
    # Structured parameters (dates, months, pages) without the others, so that the filter they
    # belong to is valid and runs; then everything hostile at once.
    for query in _aligned([f for f in unique if f.kind in STRUCTURED], {}) + _aligned(unique, {}):
        drive.get(url, query)
    drive.get(url, {"page": "1", "x": ["1"] * 999})

    @hypothesis_settings(hypothesis_settings.get_profile(PROFILE))
    @given(st.fixed_dictionaries({f.name: _value_strategy() for f in unique}))
    def generated(query):
        drive.get(url, query)

    generated()


def drive_form(drive: Drive, url: str, form: Form) -> None:
    files = [f for f in form.fields if f.kind == "file"]
    for data in _probes(form):
        drive.post(url, data)
    base = form.rendered()
    for name, content, content_type in drive.files.values():
        if files:
            data = dict(base)
            for f in files:
                data[f.name] = SimpleUploadedFile(name, content, content_type=content_type)
            drive.post(url, data)
    fields = [f for f in form.fields if f.kind not in ("submit", "button", "reset", "file")]

    @hypothesis_settings(hypothesis_settings.get_profile(PROFILE))
    @given(st.fixed_dictionaries({f.name: _value_strategy() for f in fields}))
    def generated(data):
        drive.post(url, {**base, **data})

    generated()


def _same_page(action: str, url: str) -> str:
    return url if not action else action.split("?")[0].split("#")[0]


SESSION_ENDING = {"account_logout", "account_change_password", "account_set_password"}


def drive_role(role: str, user, world, seen: set) -> Drive:
    """Every URL as ``role``; the query strings and forms that an earlier role already drove in
    full (same address, same fields) get one hostile probe and one generated one, unless the
    thorough profile is on."""
    client = client_for(user) if user else Client()

    def login():
        if user is not None:
            client.force_login(user)

    drive = Drive(client, role, login)
    thorough = PROFILE == "thorough"
    posted: dict[str, Form] = {}
    post_only: list[str] = []
    for route in routes():
        for url in urls_of(route, world):
            response = drive.get(url)
            if response is None:
                continue
            if response.status_code == 405:
                post_only.append(url)
            html = ""
            if response.status_code == 200 and "html" in response.get("Content-Type", ""):
                html = response.content.decode(errors="replace")
            forms = forms_of(html) if html else []
            if response.status_code == 200:
                key = ("GET", url, frozenset(f.name for form in forms for f in form.fields))
                if thorough or key not in seen:
                    seen.add(key)
                    drive_query(drive, url, forms)
                else:
                    drive.get(
                        url, {f.name: _edges_for(f)[0] for form in forms for f in form.fields}
                    )
            for form in forms:
                if form.method == "post" and route.name not in SESSION_ENDING:
                    action = _same_page(form.action, url)
                    if not action.startswith("/accounts/logout"):
                        posted.setdefault(action, form)
            login()
    for url, form in posted.items():
        key = ("POST", url, frozenset(f.name for f in form.fields))
        if thorough or key not in seen:
            seen.add(key)
            drive_form(drive, url, form)
        else:
            drive.post(
                url,
                _aligned([f for f in form.fields if f.kind not in SKIP_KINDS], form.rendered())[0],
            )
    for url in post_only:
        if url not in posted and "logout" not in url:
            drive.post(url, {})
            drive.post(url, {"version": "x", "month": "9999-12", "date": "0001-01-01"})
    return drive


def test_no_input_makes_a_server_error_and_refusals_write_nothing(world, users, capsys):
    failures: list[str] = []
    seen: set = set()
    # The widest view first: what it drove in full, the narrower roles probe more lightly.
    for role in ("superuser", "admin", "liaison", "clerk", "representative", "anonymous"):
        drive = drive_role(role, users.get(role), world, seen)
        failures += drive.failures
        with capsys.disabled():
            print(
                f"\n{role}: {drive.tried} inputs tried; "
                f"statuses {dict(sorted(drive.statuses.items()))}; {len(drive.failures)} failures"
            )
    assert not failures, "\n".join(failures)
