import time, tracemalloc, resource
import pytest
from django.utils import timezone
from petitions.models import Petition
from petitions import exports
from petitions.selectors import petitions_visible_to
from tests.petitions.factories import PetitionFactory
pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.petitions.urls")]

def test_bench(wr, clerk_a, liaison):
    p = PetitionFactory(workroom=wr.a, registered_by=clerk_a)
    fields = {f.attname: getattr(p, f.attname) for f in Petition._meta.concrete_fields if f.attname != "id"}
    Petition.objects.bulk_create([Petition(**fields) for _ in range(10000)], batch_size=1000)
    tracemalloc.start(); t = time.time()
    handle = exports.ledger_workbook(petitions_visible_to(liaison), user=liaison)
    cur, peak = tracemalloc.get_traced_memory()
    handle.seek(0, 2)
    print("rows 10001 secs", round(time.time()-t,2), "peak MB", round(peak/1e6,1), "file KB", handle.tell()//1024)
