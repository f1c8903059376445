"""Addresses of the workroom pages, and the standard most tests record against."""

from django.urls import reverse

from tests.factories import standard


def six_items():
    return list(standard("六有").items.all())


def detail_url(workroom):
    return reverse("workroom_detail", args=[workroom.pk])


def edit_url(workroom):
    return reverse("workroom_edit", args=[workroom.pk])


def entry_url(workroom, item):
    return reverse("checklist_entry_edit", args=[workroom.pk, item.pk])


def photo_url(workroom, item):
    return reverse("checklist_evidence", args=[workroom.pk, item.pk])
