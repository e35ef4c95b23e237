"""Media in S3-compatible object storage (PLANPORTAL_MEDIA_STORAGE_BACKEND=s3), for real.

A local S3-compatible server (moto in server mode, a pinned test dependency) runs as a process
of its own on a free port; the test creates a bucket in it with boto3. A process with production
settings, configured for that bucket by the environment alone, uploads an image and two
documents (one in a collection only signed-in users may see) through the admin's upload forms
as the communications adviser, makes a rendition and asks for the documents as an anonymous
reader and as the adviser; `manage.py backup` then archives the installation. From outside, the
test reads the bucket with boto3 and over plain anonymous HTTP, as a reader's browser would.
"""

import hashlib
import io
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import zipfile

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from backups.archive import media_member
from cms.settings.environment import RENAMED_VARIABLES
from tests.processes import BASE_DIR, database_copy, finish, manage, python

pytestmark = pytest.mark.django_db

REGION = "us-east-1"  # moto's default region; any name would do for a local server
ACCESS_KEY = "planportal-test"  # moto takes any credentials; boto3 needs some to sign
RENDITION_SPEC = "fill-80x60"

# Runs in the production process: uploads as the adviser through the admin's add views (the
# files' paths and the private collection's name come in on stdin), answers with one JSON line.
UPLOADER = """
import hashlib, json, sys
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from roles.definitions import COMMUNICATIONS_ADVISER
from tests.roles import client_for, make_user

given = json.loads(sys.stdin.readline())
adviser = client_for(make_user("s3-adviser", COMMUNICATIONS_ADVISER))
root = Collection.get_first_root_node()
private = root.add_child(name=given["private_collection"])
CollectionViewRestriction.objects.create(collection=private, restriction_type="login")


def upload(url_name, path, name, content_type, **fields):
    with open(path, "rb") as source:
        upload = SimpleUploadedFile(name, source.read(), content_type)
    response = adviser.post(reverse(url_name), {"file": upload, **fields})
    assert response.status_code == 302, response.content.decode()[:3000]


upload("wagtailimages:add", given["image"], "havna.png", "image/png",
       title="Havna", description="Havna i Holmestrand", collection=root.pk)
image = get_image_model().objects.get(title="Havna")
rendition = image.get_rendition(given["rendition"])
documents = {}
for key, collection in (("public", root), ("private", private)):
    upload("wagtaildocs:add", given["document"], f"{key}.pdf", "application/pdf",
           title=f"Dokument {key}", collection=collection.pk)
    document = get_document_model().objects.get(title=f"Dokument {key}")
    anonymous = Client().get(document.url)
    signed_in = adviser.get(document.url)
    served = b"".join(signed_in.streaming_content)
    documents[key] = {
        "name": document.file.name,
        "url": document.url,
        "storage_url": document.file.url,
        "anonymous": anonymous.status_code,
        "anonymous_location": anonymous.get("Location", ""),
        "signed_in": signed_in.status_code,
        "signed_in_sha256": hashlib.sha256(served).hexdigest(),
    }
answer = {
    "image": {"name": image.file.name, "url": image.file.url},
    "rendition": {"name": rendition.file.name, "url": rendition.url},
    "documents": documents,
}
sys.stdout.write(json.dumps(answer) + "\\n")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """A moto S3 server of this module's own, on a free port; stopped afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1).close()  # noqa: S310
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"moto's S3 server did not start: {server.stderr.read().decode()[-2000:]}"
                    ) from None
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()


@pytest.fixture
def bucket(s3_endpoint):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=ACCESS_KEY,
    )
    name = f"planportal-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return client, name


def read_anonymously(url: str) -> tuple[int, bytes]:
    """What a reader's browser gets at `url`: no credentials, no signature of its own."""
    try:
        # http:// addresses of the local S3 server only
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_media_live_in_the_bucket_images_public_documents_only_through_django(
    s3_endpoint, bucket, tmp_path
):
    client, bucket_name = bucket
    image_bytes = get_test_image_file("havna.png", colour="blue").file.getvalue()
    document_bytes = b"%PDF-1.4\n" + secrets.token_bytes(2048)
    (tmp_path / "havna.png").write_bytes(image_bytes)
    (tmp_path / "dokument.pdf").write_bytes(document_bytes)

    with database_copy() as env:
        env = {k: v for k, v in env.items() if k not in RENAMED_VARIABLES}
        production = {
            **env,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            # The test client asks over plain http: no redirect to https (tests/test_security_headers.py).
            "PLANPORTAL_HTTPS": "0",
            # Signed in with the password alone: production's second factor is not the point
            # here (tests/test_two_factor.py, and tests/stack/ with it on).
            "PLANPORTAL_2FA_REQUIRED_GROUPS": "",
            "PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS": "0",
            "PLANPORTAL_MEDIA_STORAGE_BACKEND": "s3",
            "AWS_STORAGE_BUCKET_NAME": bucket_name,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": ACCESS_KEY,
            # Uploads public by default, as a bucket with ACLs would be set up for the images.
            "AWS_DEFAULT_ACL": "public-read",
        }
        production.pop("REDIS_URL", None)
        uploader = python(production, UPLOADER)
        uploader.stdin.write(
            json.dumps(
                {
                    "image": str(tmp_path / "havna.png"),
                    "document": str(tmp_path / "dokument.pdf"),
                    "private_collection": "Interne dokumenter",
                    "rendition": RENDITION_SPEC,
                }
            )
            + "\n"
        )
        answer = json.loads(finish(uploader))
        backup_dir = tmp_path / "backups"
        backup = manage(production, "backup", "--dir", str(backup_dir))

    image, rendition, documents = answer["image"], answer["rendition"], answer["documents"]
    bucket_url = f"{s3_endpoint}/{bucket_name}/"

    # Every file is an object in the bucket, none in the media folder.
    keys = {item["Key"] for item in client.list_objects_v2(Bucket=bucket_name)["Contents"]}
    names = {image["name"], rendition["name"], *(d["name"] for d in documents.values())}
    assert names <= keys, keys
    assert image["name"].startswith("original_images/")
    assert rendition["name"].startswith("images/")
    stored = client.get_object(Bucket=bucket_name, Key=image["name"])["Body"].read()
    assert stored == image_bytes

    # Images and renditions: public, at the bucket's address, unsigned, read back as stored.
    for public in (image, rendition):
        assert public["url"] == bucket_url + public["name"], public
        status, body = read_anonymously(public["url"])
        assert status == 200, public
        assert body == client.get_object(Bucket=bucket_name, Key=public["name"])["Body"].read()
    assert read_anonymously(image["url"])[1] == image_bytes

    # Documents: only through Django's view, which enforces the collection's restriction.
    for key, document in documents.items():
        assert document["url"].startswith("/documents/"), document
        stored = client.get_object(Bucket=bucket_name, Key=document["name"])["Body"].read()
        assert stored == document_bytes
        assert document["signed_in"] == 200
        assert document["signed_in_sha256"] == sha256(document_bytes)
        # The object itself is private, whatever AWS_DEFAULT_ACL says: its plain address is
        # refused; the storage's own URL for it is signed, and expires.
        assert read_anonymously(bucket_url + document["name"])[0] == 403, key
        assert document["storage_url"].startswith(bucket_url + document["name"] + "?")
        assert "Signature" in document["storage_url"]
        assert read_anonymously(document["storage_url"]) == (200, document_bytes)
    assert documents["public"]["anonymous"] == 200
    assert documents["private"]["anonymous"] == 302
    # An anonymous reader of the private one is sent to sign in, and back to it afterwards.
    login = reverse("wagtailcore_login")
    assert documents["private"]["anonymous_location"] == (
        f"{login}?next={documents['private']['url']}"
    )

    # The backup holds the bucket's objects, byte for byte.
    [archive] = backup_dir.glob("planportal-*.zip")
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        for name in names:
            archived = opened.read(media_member(name))
            assert archived == client.get_object(Bucket=bucket_name, Key=name)["Body"].read()
    assert manifest["media"]["files"] == len(keys)
    # The plan's own images were stored in the media folder before this installation moved to
    # the bucket: the backup names each file the database refers to but the bucket lacks.
    in_the_folder_only = set()
    for model in (get_image_model(), get_image_model().get_rendition_model(), get_document_model()):
        in_the_folder_only.update(model.objects.values_list("file", flat=True))
    assert in_the_folder_only, "the plan as loaded has images"
    assert manifest["media"]["missing"] == sorted(in_the_folder_only)
    assert f"Advarsel: {len(in_the_folder_only)} filer" in backup.stderr


# --- the storage's configuration from the environment ----------------------------------------


def test_the_media_folder_is_the_default_and_s3_is_read_from_the_aws_variables(monkeypatch):
    from cms.settings.environment import MEDIA_STORAGE_BACKENDS, media_storage_from_environment

    for variable in ("PLANPORTAL_MEDIA_STORAGE_BACKEND", "AWS_DEFAULT_ACL", "AWS_LOCATION"):
        monkeypatch.delenv(variable, raising=False)
    assert media_storage_from_environment() == {"BACKEND": MEDIA_STORAGE_BACKENDS["filesystem"]}
    monkeypatch.setenv("PLANPORTAL_MEDIA_STORAGE_BACKEND", "some.module.Storage")
    assert media_storage_from_environment() == {"BACKEND": "some.module.Storage"}

    monkeypatch.setenv("PLANPORTAL_MEDIA_STORAGE_BACKEND", "s3")
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        media_storage_from_environment()
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "planportal-media")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.no")
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.example.no")
    storage = media_storage_from_environment()
    assert storage["BACKEND"] == MEDIA_STORAGE_BACKENDS["s3"]
    assert storage["OPTIONS"] == {
        "bucket_name": "planportal-media",
        "endpoint_url": "https://s3.example.no",
        "custom_domain": "media.example.no",
        "file_overwrite": False,
        "querystring_auth": False,
    }
    # The dotted path to the same class is the same configuration.
    monkeypatch.setenv("PLANPORTAL_MEDIA_STORAGE_BACKEND", MEDIA_STORAGE_BACKENDS["s3"])
    assert media_storage_from_environment() == storage


# --- backups of a storage that cannot list its files -------------------------------------------


class UnlistableStorage(FileSystemStorage):
    """A storage that stores and serves files but cannot list them (as some remote ones)."""

    def listdir(self, path):
        raise NotImplementedError


def test_a_backup_refuses_a_media_storage_it_cannot_list_instead_of_leaving_the_files_out(
    settings, tmp_path
):
    backend = f"{UnlistableStorage.__module__}.{UnlistableStorage.__qualname__}"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}
    with pytest.raises(CommandError, match="kan ikke liste filene sine") as refused:
        call_command("backup", "--dir", str(tmp_path), stdout=io.StringIO())
    assert backend in str(refused.value)
    assert list(tmp_path.iterdir()) == []  # no archive, not even a partial one
