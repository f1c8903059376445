"""The scale-out variables as the settings read them: S3_BUCKET and its companions, PGBOUNCER."""

from tests.core.test_settings import load_settings

POSTGRES_URL = "postgres://workrooms@pgbouncer.example.invalid:6432/workrooms"


def test_behind_pgbouncer_nothing_outlives_a_transaction(tmp_path):
    read = load_settings(
        tmp_path, "DATABASES", DATABASE_URL=POSTGRES_URL, SECRET_KEY="k", PGBOUNCER="true"
    )

    database = read["DATABASES"]["default"]
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["OPTIONS"]["prepare_threshold"] is None
    # No psycopg pool in front of PgBouncer's own.
    assert "pool" not in database["OPTIONS"]


def test_without_pgbouncer_the_pool_and_server_side_cursors_stay(tmp_path):
    read = load_settings(tmp_path, "DATABASES", DATABASE_URL=POSTGRES_URL, SECRET_KEY="k")

    database = read["DATABASES"]["default"]
    assert database.get("DISABLE_SERVER_SIDE_CURSORS", False) is False
    assert database["OPTIONS"]["pool"]["max_size"] == 10


def test_uploads_stay_on_the_local_disk_without_a_bucket(tmp_path):
    read = load_settings(tmp_path, "STORAGES")

    assert read["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_makes_the_uploads_private_s3_objects(tmp_path):
    read = load_settings(
        tmp_path,
        "STORAGES",
        S3_BUCKET="workrooms-media",
        S3_ENDPOINT_URL="https://minio.example.invalid",
        S3_REGION="cn-north-1",
        S3_ACCESS_KEY_ID="id",
        S3_SECRET_ACCESS_KEY="secret",
        S3_PREFIX="/yanta/",
    )

    storage = read["STORAGES"]["default"]
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "workrooms-media",
        "https://minio.example.invalid",
        "cn-north-1",
    )
    assert options["location"] == "yanta"
    assert options["default_acl"] is None
    assert (options["querystring_auth"], options["querystring_expire"]) == (True, 60)
    assert options["file_overwrite"] is False
