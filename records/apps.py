from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """The representative's record (履职档案): pages that read rosters, requests and activities.
    No models of its own."""

    name = "records"
    label = "records"
