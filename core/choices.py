"""Multiple choices with a bound: a multi-select never takes more values than a person could tick.

A form posted with thousands of ids (a script, a probe) would have each one looked up, and an id
past the database's integer range made SQLite raise a server error. ``BoundedModelMultipleChoiceField``
refuses more than ``FORM_MAX_CHOICES`` values (setting, 200 by default) and ids that are not
numbers the database can hold, with a form error, before any query.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import ngettext

# The largest id a 64-bit integer column holds (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1


def max_choices() -> int:
    return int(getattr(settings, "FORM_MAX_CHOICES", 200))


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def _check_values(self, value: Iterable[object]) -> models.QuerySet:  # type: ignore[type-arg]
        values = list(dict.fromkeys(str(v) for v in value))
        limit = max_choices()
        if len(values) > limit:
            raise forms.ValidationError(
                ngettext("Choose at most %(limit)d item.", "Choose at most %(limit)d items.", limit)
                % {"limit": limit},
                code="too_many_choices",
            )
        key = self.to_field_name or "pk"
        model = self.queryset.model if self.queryset is not None else None
        target = model._meta.pk if model is not None and key == "pk" else None
        if isinstance(target, (models.AutoField, models.BigAutoField, models.IntegerField)):
            for pk in values:
                if not (pk.isascii() and pk.isdigit()) or int(pk) > MAX_ID:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk[:20]},
                    )
        checked: models.QuerySet = super()._check_values(values)  # type: ignore[misc,type-arg]
        return checked
