"""Upload limits in bytes: PLANPORTAL_MAX_UPLOAD_BYTES for images and documents alike, unless
PLANPORTAL_MAX_IMAGE_BYTES or PLANPORTAL_MAX_DOCUMENT_BYTES sets one kind apart.

Driven through the admin's real upload views (the ones "Legg til bilde" / "Legg til dokument"
use, one file per request) as the communications adviser: a file at its kind's limit is taken,
one byte more is refused with the form's error in Norwegian. The front's request limit is the
largest file limit plus the form's other fields, printed by `manage.py upload_limit`.
(The limit on an image's pixels: tests/test_image_pixels.py.)
"""

import io
import json
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
from wagtail.models import Collection, UploadedFile

from tests.roles import client_for

LIMITS = {
    "image": settings.PLANPORTAL_MAX_IMAGE_BYTES,
    "document": settings.PLANPORTAL_MAX_DOCUMENT_BYTES,
}
LARGEST = max(LIMITS.values())
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
    limit = LIMITS[kind]

    refused = upload(adviser, kind, limit + 1)
    assert refused["success"] is False
    with translation.override("nb"):
        message = translation.gettext(TOO_BIG) % {
            "file_size": filesizeformat(limit + 1),
            "max_filesize": filesizeformat(limit),
        }
    assert message != TOO_BIG % {"file_size": "", "max_filesize": ""}  # Wagtail's Norwegian
    assert message.startswith("Denne fila er for stor")
    assert refused["error_message"] == message
    assert stored(kind) == before

    taken = upload(adviser, kind, limit)
    assert taken["success"] is True, taken
    assert stored(kind) == before + 1


SINGLE_FORMS = {
    "image": ("wagtailimages:add", image_of_size, {"description": "Et bilde"}),
    "document": ("wagtaildocs:add", document_of_size, {}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", SINGLE_FORMS)
def test_the_one_file_forms_refuse_a_file_over_the_limit_in_norwegian(users, kind):
    """ "Legg til bilde" / "Legg til dokument" with one file: the form again, with the error."""
    url_name, make_file, fields = SINGLE_FORMS[kind]
    limit = LIMITS[kind]
    before = stored(kind)
    response = client_for(users["kommunikasjon"]).post(
        reverse(url_name),
        {
            "title": "For stor",
            "collection": Collection.get_first_root_node().pk,
            "file": make_file(limit + 1),
            **fields,
        },
    )
    assert response.status_code == 200
    with translation.override("nb"):
        message = translation.gettext(TOO_BIG) % {
            "file_size": filesizeformat(limit + 1),
            "max_filesize": filesizeformat(limit),
        }
    assert response.context["form"].errors["file"] == [message]
    assert stored(kind) == before


def limits_with(**env) -> tuple[list[int], int, int]:
    """([image limit, document limit], the front's request limit, the largest file limit)
    that settings read from these environment variables in a new process."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.WAGTAILIMAGES_MAX_UPLOAD_SIZE, s.WAGTAILDOCS_MAX_UPLOAD_SIZE]))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PLANPORTAL_MAX_")},
        **env,
    }
    limits = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    front = [
        int(
            subprocess.run(
                [sys.executable, "manage.py", "upload_limit", *options],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for options in ([], ["--file"])
    ]
    return json.loads(limits.stdout), *front


def test_one_variable_sets_both_limits_and_the_fronts_request_limit():
    size = 3 * 1024 * 1024
    limits, request, largest = limits_with(PLANPORTAL_MAX_UPLOAD_BYTES=str(size))
    assert limits == [size, size]
    assert (request, largest) == (size + settings.DATA_UPLOAD_MAX_MEMORY_SIZE, size)


@pytest.mark.parametrize("kind", ["IMAGE", "DOCUMENT"])
def test_one_kind_may_have_a_limit_of_its_own_and_the_front_follows_the_largest(kind):
    size, larger = 3 * 1024 * 1024, 5 * 1024 * 1024
    env = {"PLANPORTAL_MAX_UPLOAD_BYTES": str(size), f"PLANPORTAL_MAX_{kind}_BYTES": str(larger)}
    limits, request, largest = limits_with(**env)
    assert limits == ([larger, size] if kind == "IMAGE" else [size, larger])
    assert (request, largest) == (larger + settings.DATA_UPLOAD_MAX_MEMORY_SIZE, larger)
    # A smaller limit of its own: the front still lets the other kind's largest file through.
    limits, request, largest = limits_with(
        **{"PLANPORTAL_MAX_UPLOAD_BYTES": str(larger), f"PLANPORTAL_MAX_{kind}_BYTES": str(size)}
    )
    assert sorted(limits) == [size, larger]
    assert (request, largest) == (larger + settings.DATA_UPLOAD_MAX_MEMORY_SIZE, larger)


def test_upload_limit_prints_the_limits_of_these_settings():
    out = io.StringIO()
    call_command("upload_limit", stdout=out)
    call_command("upload_limit", "--file", stdout=out)
    assert out.getvalue().split() == [str(settings.PLANPORTAL_MAX_REQUEST_BYTES), str(LARGEST)]
    # The request limit leaves room for the largest file and the form's other fields.
    assert settings.PLANPORTAL_MAX_REQUEST_BYTES == LARGEST + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.parametrize(
    "variable",
    [
        "PLANPORTAL_MAX_UPLOAD_BYTES",
        "PLANPORTAL_MAX_IMAGE_BYTES",
        "PLANPORTAL_MAX_DOCUMENT_BYTES",
        "PLANPORTAL_MAX_IMAGE_PIXELS",
    ],
)
def test_a_limit_that_is_no_number_above_zero_stops_the_settings(variable):
    for value in ("0", "-5", "20MB"):
        result = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()"],
            cwd=settings.BASE_DIR,
            env={**os.environ, variable: value},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode != 0
        assert f"{variable} must be" in result.stderr, value
