"""Upload limits: one number, PLANPORTAL_MAX_UPLOAD_BYTES, for images and documents alike.

Driven through the admin's real upload views (the ones "Legg til bilde" / "Legg til dokument"
use, one file per request) as the communications adviser: a file at the limit is taken, one
byte more is refused with the form's error in Norwegian. The front's request limit is the
file limit plus the form's other fields, printed by `manage.py upload_limit`.
"""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import UploadedFile

from tests.roles import client_for

LIMIT = settings.PLANPORTAL_MAX_UPLOAD_BYTES
# Wagtail's own message for a file over the limit (wagtail.images.fields, wagtail.documents.fields).
TOO_BIG = "This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s."


def image_of_size(size: int) -> SimpleUploadedFile:
    """A valid PNG of exactly `size` bytes (bytes after its end are ignored by readers)."""
    content = get_test_image_file("bilde.png").file.getvalue()
    return SimpleUploadedFile("bilde.png", content + b"\0" * (size - len(content)), "image/png")


def document_of_size(size: int) -> SimpleUploadedFile:
    content = b"%PDF-1.4\n"
    return SimpleUploadedFile(
        "rapport.pdf", content + b"%" * (size - len(content)), "application/pdf"
    )


UPLOADS = {
    "image": ("wagtailimages:add_multiple", image_of_size),
    "document": ("wagtaildocs:add_multiple", document_of_size),
}


def upload(user, kind: str, size: int) -> dict:
    url_name, make_file = UPLOADS[kind]
    response = client_for(user).post(
        reverse(url_name),
        {"files[]": make_file(size)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.content[:500]
    return response.json()


def stored(kind: str) -> int:
    """Files the upload view kept: a final image/document, or an upload awaiting its details."""
    model = get_image_model() if kind == "image" else get_document_model()
    return model.objects.count() + UploadedFile.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", UPLOADS)
def test_a_file_at_the_limit_is_taken_one_byte_more_is_refused_in_norwegian(users, kind):
    adviser = users["kommunikasjon"]
    before = stored(kind)

    refused = upload(adviser, kind, LIMIT + 1)
    assert refused["success"] is False
    with translation.override("nb"):
        message = translation.gettext(TOO_BIG) % {
            "file_size": filesizeformat(LIMIT + 1),
            "max_filesize": filesizeformat(LIMIT),
        }
    assert message != TOO_BIG % {"file_size": "", "max_filesize": ""}  # Wagtail's Norwegian
    assert message.startswith("Denne fila er for stor")
    assert refused["error_message"] == message
    assert stored(kind) == before

    taken = upload(adviser, kind, LIMIT)
    assert taken["success"] is True, taken
    assert stored(kind) == before + 1


def test_one_variable_sets_both_limits_and_the_fronts_request_limit():
    size = 3 * 1024 * 1024
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.WAGTAILIMAGES_MAX_UPLOAD_SIZE, s.WAGTAILDOCS_MAX_UPLOAD_SIZE]))"
    )
    env = {**os.environ, "PLANPORTAL_MAX_UPLOAD_BYTES": str(size)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"[{size}, {size}]"
    front = subprocess.run(
        [sys.executable, "manage.py", "upload_limit"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(front.stdout) == size + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_upload_limit_prints_the_limits_of_these_settings():
    out = io.StringIO()
    call_command("upload_limit", stdout=out)
    call_command("upload_limit", "--file", stdout=out)
    assert out.getvalue().split() == [str(settings.PLANPORTAL_MAX_REQUEST_BYTES), str(LIMIT)]
    # The request limit leaves room for a file at the limit and the form's other fields.
    assert settings.PLANPORTAL_MAX_REQUEST_BYTES == LIMIT + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_a_limit_that_is_no_number_above_zero_stops_the_settings():
    for value in ("0", "-5", "20MB"):
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()"],
            cwd=settings.BASE_DIR,
            env={**os.environ, "PLANPORTAL_MAX_UPLOAD_BYTES": value},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode != 0
        assert "PLANPORTAL_MAX_UPLOAD_BYTES must be" in result.stderr, value
