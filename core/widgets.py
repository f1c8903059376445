"""``QuickSelect``: a ``<select>`` written out in Python instead of one template per option.

Django renders every ``<option>`` through a template include. A district's filter of its
workrooms and areas holds hundreds of options, and rendering them that way cost more than the
list's own rows; this widget gives the same HTML (same attributes, selection and groups) in a
fraction of the time. Use it for any choice that grows with the data.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        "" if option["value"] is None else option["value"],
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                    for option in options
                ),
            )
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, html)
                if group_name
                else html
            )
        # Every part was escaped by format_html above.
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),
        )
