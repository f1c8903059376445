"""Roster URLs, namespace ``rosters``: rules, generation, shifts, swaps and attendance come from
``management_urls``; what representatives read (my duties, feeds, the published schedule)
from ``schedule_urls``."""

from rosters import management_urls, schedule_urls

app_name = "rosters"
urlpatterns = [*management_urls.urlpatterns, *schedule_urls.urlpatterns]
