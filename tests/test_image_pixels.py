"""The pixel limit, PLANPORTAL_MAX_IMAGE_PIXELS: width × height × frames, read from the header.

A PNG of 15 KB can declare 11000 × 11000 pixels; decoding it costs hundreds of megabytes.
The admin's upload views refuse an image over the limit with a Norwegian error that says what
was uploaded and what is allowed, and an image that got into the database otherwise gets no
rendition: its page renders without it (no broken picture), and the refusal is logged. Nothing over the limit is
ever decoded (a spy on Pillow's decoder, `ImageFile.load`, counts what is).
"""

import io
import logging
import math
import struct
import zlib

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from PIL import ImageFile as PILImageFile
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from images import forms, pixels
from tests.roles import client_for

LIMIT = settings.PLANPORTAL_MAX_IMAGE_PIXELS


def png(width: int, height: int) -> bytes:
    """A real black-and-white PNG: every row zero, so it compresses to almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = (b"\0" * (1 + (width + 7) // 8)) * height
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def gif(width: int, height: int, frames: int) -> bytes:
    """An animated GIF: a `width` × `height` screen, `frames` frames of one pixel each."""
    screen = b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0)
    frame = (
        b"\x2c"
        + struct.pack("<HHHHB", 0, 0, 1, 1, 0x80)  # at 0,0, 1 × 1, a local colour table
        + b"\0\0\0\xff\xff\xff"
        + b"\x02\x02\x44\x01\x00"  # LZW: clear, pixel 0, end
    )
    return screen + frame * frames + b"\x3b"


def far_over():
    """The image of the report: 11000 × 11000, 121 megapixels, also over Pillow's own limit."""
    assert 2 * LIMIT < 11000 * 11000
    return "bombe.png", png(11000, 11000), pixels.Size(11000, 11000, 1)


def just_over():
    side = math.isqrt(LIMIT) + 1
    assert LIMIT < side * side <= 2 * LIMIT  # Pillow would still open it; the limit may not
    return "stort.png", png(side, side), pixels.Size(side, side, 1)


def animation():
    side = math.isqrt(LIMIT // 2)
    frames = 3
    assert side * side <= LIMIT < side * side * frames  # each frame is allowed, all are not
    return "animasjon.gif", gif(side, side, frames), pixels.Size(side, side, frames)


OVER_THE_LIMIT = {"far over": far_over, "just over": just_over, "animation": animation}


@pytest.fixture
def decoded(monkeypatch):
    """The sizes (pixels × frames are not known to Pillow: width × height) Pillow decoded."""
    sizes = []
    load = PILImageFile.ImageFile.load

    def spy(image):
        sizes.append(image.width * image.height)
        return load(image)

    monkeypatch.setattr(PILImageFile.ImageFile, "load", spy)
    return sizes


def nb_message(size: pixels.Size) -> str:
    with translation.override("nb"):
        return forms.too_many_pixels_message(size)


def post_single(user, name: str, content: bytes):
    """ "Legg til bilde": the one-image form."""
    return client_for(user).post(
        reverse("wagtailimages:add"),
        {
            "title": "Et bilde",
            "description": "Et bilde",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def post_multiple(user, name: str, content: bytes) -> dict:
    """The multiple upload ("Legg til bilder"), one file per request as the browser sends it."""
    response = client_for(user).post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.content[:500]
    return response.json()


def stored() -> int:
    return get_image_model().objects.count() + UploadedFile.objects.count()


def test_the_messages_are_norwegian_and_name_the_size_and_the_limit():
    size = pixels.Size(11000, 11000, 1)
    message = nb_message(size)
    assert message.startswith("Bildet er 11000 × 11000 piksler, 121 megapiksler.")
    assert f"{floatformat(LIMIT / 1_000_000, -1)} megapiksler" in message
    animated = nb_message(pixels.Size(100, 100, 7))
    assert animated.startswith("Animasjonen har 7 bilder på 100 × 100 piksler")
    unknown = nb_message(None)
    assert unknown.startswith("Bildet har for mange piksler.")
    with translation.override("en"):
        assert forms.too_many_pixels_message(size) != message


def test_an_image_just_over_the_limit_never_reads_as_the_limit():
    assert forms.megapixels(LIMIT + 1, round_up=True) != forms.megapixels(LIMIT)


@pytest.mark.django_db
@pytest.mark.parametrize("image", OVER_THE_LIMIT)
def test_the_upload_views_refuse_an_image_over_the_limit_in_norwegian(users, image, decoded):
    name, content, size = OVER_THE_LIMIT[image]()
    adviser = users["kommunikasjon"]
    before = stored()
    # Pillow refuses to open the image far over the limit: its size is not known then.
    assert decoded == []
    expected = nb_message(None if size.width * size.height > 2 * LIMIT else size)

    refused = post_multiple(adviser, name, content)
    assert refused["success"] is False
    assert refused["error_message"] == expected

    response = post_single(adviser, name, content)
    assert response.status_code == 200  # the form again, not a redirect
    assert response.context["form"].errors["file"] == [expected]
    assert expected in response.content.decode()

    assert stored() == before
    assert decoded == []  # refused from the header


@pytest.mark.django_db
def test_an_image_of_exactly_the_limit_is_taken(users, decoded):
    width = next(w for w in range(math.isqrt(LIMIT), 0, -1) if LIMIT % w == 0)
    before = stored()
    response = post_single(users["kommunikasjon"], "akkurat.png", png(width, LIMIT // width))
    assert response.status_code == 302, response.context["form"].errors
    assert stored() == before + 1
    image = get_image_model().objects.latest("pk")
    assert image.width * image.height == LIMIT
    assert decoded == []  # its width and height come from the header too


def put_in_the_database(name: str, content: bytes, size: pixels.Size):
    """An image as the API, `load_plan` or a database from before the limit could leave it:
    its file stored, its row written, no form in between."""
    path = default_storage.save(f"original_images/{name}", ContentFile(content))
    return get_image_model().objects.create(
        title="Et for stort bilde",
        description="Et for stort bilde",
        file=path,
        width=size.width,
        height=size.height,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("image", OVER_THE_LIMIT)
def test_a_chapter_with_an_image_over_the_limit_renders_without_decoding_it(
    foreword, image, decoded, caplog, client
):
    over = put_in_the_database(*OVER_THE_LIMIT[image]())
    foreword.lead_image = over
    foreword.save_revision().publish()

    with caplog.at_level(logging.WARNING, logger="images.pixels"):
        response = client.get(foreword.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert foreword.title in html
    assert over.description not in html and "not-found" not in html  # left out, not broken
    assert not over.renditions.exists()
    assert [
        r for r in caplog.records if r.name == "images.pixels" and f"Image {over.pk} " in r.message
    ]
    assert not [pixels_ for pixels_ in decoded if pixels_ > LIMIT]

    # Asked for directly (the API, the admin's chooser), Wagtail sees a source it cannot use.
    with pytest.raises(pixels.TooManyPixels):
        over.get_rendition("width-960")
    assert not over.renditions.exists()


@pytest.mark.django_db
def test_the_api_leaves_out_an_image_over_the_limit(foreword, client):
    over = put_in_the_database(*far_over())
    foreword.lead_image = over
    foreword.save_revision().publish()
    response = client.get(f"/api/v2/pages/{foreword.pk}/")
    assert response.status_code == 200
    assert response.json()["lead_image_rendition"] == {"error": "SourceImageIOError"}
    assert not over.renditions.exists()


@pytest.mark.django_db
def test_an_image_under_the_limit_still_gets_its_rendition(foreword, client, decoded):
    ok = put_in_the_database("lite.png", png(640, 480), pixels.Size(640, 480, 1))
    foreword.lead_image = ok
    foreword.save_revision().publish()
    assert client.get(foreword.url).status_code == 200
    assert ok.renditions.filter(filter_spec="width-960").exists()
    assert 640 * 480 in decoded


def test_pillow_refuses_to_open_an_image_above_twice_the_limit():
    assert PILImage.MAX_IMAGE_PIXELS == LIMIT
    with pytest.raises(PILImage.DecompressionBombError):
        PILImage.open(ContentFile(far_over()[1]))


@pytest.mark.django_db
def test_an_image_saved_in_code_gets_its_size_from_the_header(decoded):
    """As `load_plan` saves one (plan_loading.loader): width and height without decoding; and
    an image above Pillow's own limit is not saved at all."""
    _, content, size = just_over()
    image = get_image_model()(title="Stort", description="Stort")
    image.file = ImageFile(io.BytesIO(content), name="stort.png")
    image._set_image_file_metadata()
    image.save()
    assert (image.width, image.height) == (size.width, size.height)
    assert decoded == []

    bomb = get_image_model()(title="Bombe", description="Bombe")
    with pytest.raises(pixels.TooManyPixels):
        bomb.file = ImageFile(io.BytesIO(far_over()[1]), name="bombe.png")
        bomb._set_image_file_metadata()
        bomb.save()
    assert not get_image_model().objects.filter(title="Bombe").exists()
    assert decoded == []


@pytest.mark.django_db
def test_the_admin_shows_an_image_over_the_limit_without_decoding_it(users, decoded, caplog):
    """The adviser can still find it (to replace or delete it): listing and edit form render."""
    over = put_in_the_database(*far_over())
    adviser = client_for(users["kommunikasjon"])
    with caplog.at_level(logging.WARNING, logger="images.pixels"):
        listing = adviser.get(reverse("wagtailimages:index"))
        edit = adviser.get(reverse("wagtailimages:edit", args=[over.pk]))
    assert listing.status_code == 200 and over.title in listing.content.decode()
    assert edit.status_code == 200
    assert not over.renditions.exists()
    assert all(count <= LIMIT for count in decoded)  # the other images' thumbnails
