"""A local S3 server for tests (moto's server mode, in the test process) and a fixture that makes
it Django's default storage, so code that stores files is tested against S3 as well.

The root conftest loads these fixtures (``pytest_plugins``); a test asks for ``s3_storage``, whose
``objects()`` lists what the bucket holds. The tests
are marked ``s3`` and need no external service: they run in ``make test`` on both CI stacks.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

REGION = "eu-west-1"
KEY = "testing"  # moto accepts any key; never a real credential


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """The endpoint URL of a moto S3 server on a free local port, for the test module."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@dataclass
class S3Bucket:
    client: Any
    name: str

    def objects(self) -> dict[str, bytes]:
        listed = self.client.list_objects_v2(Bucket=self.name).get("Contents", [])
        return {o["Key"]: self.client.get_object(Bucket=self.name, Key=o["Key"])["Body"].read() for o in listed}


@pytest.fixture
def s3_storage(s3_server, settings, tmp_path) -> S3Bucket:
    """A fresh bucket on the local server as the default storage; MEDIA_ROOT points at an empty
    folder, so a test can check that nothing was written to the local disk."""
    import boto3

    from huisbezoek.settings import s3_storage as storage_entry

    bucket = f"hb-{secrets.token_hex(6)}"
    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name=REGION, aws_access_key_id=KEY, aws_secret_access_key=KEY
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.MEDIA_ROOT = tmp_path / "local-media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_entry(
            bucket=bucket,
            endpoint_url=s3_server,
            access_key=KEY,
            secret_key=KEY,
            region=REGION,
            addressing_style="path",
        ),
    }
    return S3Bucket(client, bucket)
