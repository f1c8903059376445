"""Addresses of the registry pages and what the tests read off them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

LIST = reverse("representatives:list")

# Session, user, roles, count, page, current workrooms, the two filter choice lists (and the
# chosen filter values); an N+1 on 25 rows would go far above. The list and a workroom's page
# both stay under it.
# Ten to read, and one audit entry when phone numbers are shown in full (PIPL).
LIST_QUERY_LIMIT = 11


def detail_url(rep):
    return reverse("representatives:detail", args=[rep.pk])


def listed(response):
    return {rep.name for rep in response.context["page"].object_list}


def phones(response):
    return {rep.name: rep.phone_shown for rep in response.context["page"].object_list}


def query_count(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(queries)
