"""What scaling out needs: uploads in an S3 bucket (a moto server in a thread, reached over
real HTTP on loopback), free loopback ports for servers the tests start themselves."""

import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

from config.settings import s3_storage

BUCKET = "workrooms-test"
CREDENTIALS = {"S3_ACCESS_KEY_ID": "test-key", "S3_SECRET_ACCESS_KEY": "test-secret"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """An S3 server on a free loopback port for the whole session."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_env(s3_endpoint):
    """The environment an operator sets (README, "Configuration")."""
    return {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "us-east-1",
        **CREDENTIALS,
    }


@pytest.fixture
def s3_client(s3_env):
    return boto3.client(
        "s3",
        endpoint_url=s3_env["S3_ENDPOINT_URL"],
        region_name=s3_env["S3_REGION"],
        aws_access_key_id=s3_env["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=s3_env["S3_SECRET_ACCESS_KEY"],
    )


@pytest.fixture
def bucket(settings, s3_env, s3_client):
    """The uploads' storage is an empty private bucket, configured as the settings read it from
    the environment; every object is removed afterwards."""
    s3_client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(s3_env)}
    yield s3_client
    for item in s3_client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3_client.delete_object(Bucket=BUCKET, Key=item["Key"])
    s3_client.delete_bucket(Bucket=BUCKET)


def objects(s3_client) -> dict[str, bytes]:
    """Every object in the bucket: key → bytes."""
    listed = s3_client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {
        item["Key"]: s3_client.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read()
        for item in listed
    }


def files_under(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
