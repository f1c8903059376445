"""The Django admin edits levels as ticks, like the registry's own form."""

import pytest
from django.urls import reverse

from representatives.models import Level, Representative

pytestmark = pytest.mark.django_db


def test_admin_lists_and_opens_representatives(admin_client, rep_a):
    assert (
        admin_client.get(reverse("admin:representatives_representative_changelist")).status_code
        == 200
    )
    response = admin_client.get(
        reverse("admin:representatives_representative_change", args=[rep_a.pk])
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.initial["level_set"] == [Level.CITY.value]


def test_admin_stores_ticked_levels_as_bits(admin_client, areas):
    response = admin_client.post(
        reverse("admin:representatives_representative_add"),
        {
            "name": "后台代表",
            "level_set": [Level.NATIONAL.value, Level.PROVINCIAL.value],
            "area": areas.a.pk,
            "work_field": "other",
            "is_active": "on",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    rep = Representative.objects.get(name="后台代表")
    assert rep.level_label == "国、省党代表"
    assert rep.highest_level == Level.NATIONAL
