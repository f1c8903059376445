"""The URL conf walked as data, and the forms of a page read back from its HTML.

Shared by the tests that enumerate every URL (``test_every_input_survives``,
``test_every_object_url_is_scoped``): the list of URLs comes from ``get_resolver()``, never from
a hand-kept list, so a new view is driven the day it is added.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings as django_settings
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver

# Django's own admin is outside the project's pages (and has its own tests upstream).
SKIPPED_PREFIXES = ("admin/",)


@dataclass(frozen=True)
class Route:
    name: str  # "petitions:detail"
    route: str  # "requests/<int:pk>/"
    keywords: tuple[str, ...]  # ("pk",)
    int_keywords: tuple[str, ...]


def _keywords(pattern) -> tuple[tuple[str, ...], tuple[str, ...]]:
    converters = getattr(pattern.pattern, "converters", {})
    regex = pattern.pattern.regex
    names = tuple(regex.groupindex)
    ints = tuple(n for n in names if type(converters.get(n)).__name__ == "IntConverter")
    return names, ints


def routes() -> list[Route]:
    """Every named URL pattern of the project, with its keywords, resolvers walked recursively."""
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None, inherited: tuple, ints: tuple):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                names, int_names = _keywords(pattern)
                space = pattern.namespace
                walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    f"{namespace}:{space}" if namespace and space else space or namespace,
                    inherited + names,
                    ints + int_names,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                route = prefix + str(pattern.pattern)
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                names, int_names = _keywords(pattern)
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append(Route(name, route, inherited + names, ints + int_names))

    walk(get_resolver().url_patterns, "", None, (), ())
    return found


@dataclass
class FormField:
    name: str
    kind: str  # an input type ("text", "date", "file" ...), "select", "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str
    fields: list[FormField] = field(default_factory=list)

    def rendered(self) -> dict[str, object]:
        """What a browser would send untouched (files left out)."""
        data: dict[str, object] = {}
        for f in self.fields:
            if f.kind == "file" or f.kind in ("submit", "button", "reset"):
                continue
            if f.kind in ("checkbox", "radio") and not f.value:
                continue
            if f.kind == "select":
                value = f.value or (f.options[0] if f.options else "")
                if f.multiple:
                    data.setdefault(f.name, [])
                    if f.value:
                        data[f.name].append(value)  # type: ignore[union-attr]
                    continue
                data[f.name] = value
                continue
            data[f.name] = f.value
        return data


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: FormField | None = None
        self._textarea: FormField | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("method", "get").lower(), a.get("action", "")))
            return
        if not self.forms or not a.get("name"):
            return
        form = self.forms[-1]
        if tag == "input":
            kind = a.get("type", "text").lower()
            checked = "checked" in a
            value = a.get("value", "on" if kind == "checkbox" else "")
            if kind in ("checkbox", "radio") and not checked:
                form.fields.append(FormField(a["name"], kind, "", [value]))
            else:
                form.fields.append(FormField(a["name"], kind, value, [value]))
        elif tag == "select":
            self._select = FormField(a["name"], "select", multiple="multiple" in a)
            form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.value = value
        elif tag == "textarea":
            self._textarea = FormField(a["name"], "textarea")
            form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def routes_taking_ids() -> Iterator[Route]:
    return (r for r in routes() if r.int_keywords)


def _project_tables() -> list[str]:
    base = str(django_settings.BASE_DIR)
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if str(apps.get_app_config(model._meta.app_label).path).startswith(base)
        and ".venv" not in str(apps.get_app_config(model._meta.app_label).path)
        and not model._meta.proxy
        and model._meta.managed
    )


class Counts:
    """Row counts of every table of the project's apps, in one query."""

    def __init__(self) -> None:
        tables = _project_tables()
        self.tables = tables
        quote = connection.ops.quote_name
        self.sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)

    def __call__(self) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return dict(zip(self.tables, cursor.fetchone(), strict=True))
