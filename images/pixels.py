"""The limit on an image's pixels, counted from its header alone (no pixel is decoded).

PLANPORTAL_MAX_IMAGE_PIXELS (cms/settings/base.py) bounds width × height × frames of every
image: decoding one costs memory and time in proportion to its pixels, and a few kilobytes
of PNG can declare billions of them. The upload form refuses a larger image (images.forms);
an image that got past the form (the API, `load_plan`, a database from before the limit)
gets no rendition: `PlanImage.generate_rendition_file` checks before Wagtail decodes, and the
site leaves it out the way Wagtail leaves out an image whose file is missing. Pillow itself
refuses to open anything above twice the limit (PIL.Image.MAX_IMAGE_PIXELS, set at startup by
images.apps), whoever asks.
"""

import logging
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from PIL import Image as PILImage
from wagtail.images.models import SourceImageIOError

logger = logging.getLogger(__name__)


class TooManyPixels(SourceImageIOError):
    """An image over the limit: Wagtail's image tags and API fields treat it as a missing file."""


@dataclass(frozen=True)
class Size:
    width: int
    height: int
    frames: int

    @property
    def pixels(self) -> int:
        return self.width * self.height * self.frames


def limit() -> int:
    return settings.PLANPORTAL_MAX_IMAGE_PIXELS


def install_pillow_limit() -> None:
    """Pillow warns above MAX_IMAGE_PIXELS and refuses to open an image above twice that."""
    PILImage.MAX_IMAGE_PIXELS = limit()


def read_size(file: IO[bytes]) -> Size | None:
    """The image's size from its header; None when Pillow refuses the header (a bomb).

    Pillow's `open` reads the header only, and counting frames skips over their data. Above
    the limit it also warns (DecompressionBombWarning), which a warnings filter may raise.
    """
    file.seek(0)
    try:
        with PILImage.open(file) as image:
            return Size(image.width, image.height, getattr(image, "n_frames", 1))
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return None
    finally:
        file.seek(0)


def too_many(size: Size | None) -> bool:
    return size is None or size.pixels > limit()


def check(image, file: IO[bytes]) -> None:
    """Raise TooManyPixels (and log it) if `file`, the image's original, is over the limit."""
    try:
        size = read_size(file)
    except PILImage.UnidentifiedImageError:
        return  # not an image Pillow reads (an SVG): Wagtail's own rendering decides
    if not too_many(size):
        return
    pixels = f"more than {limit()}" if size is None else str(size.pixels)
    logger.warning(
        "Image %s (%s) has %s pixels (width × height × frames), over PLANPORTAL_MAX_IMAGE_PIXELS "
        "(%d): no rendition made, the image is left out.",
        image.pk,
        image.file.name,
        pixels,
        limit(),
    )
    raise TooManyPixels(f"Image {image.pk} has {pixels} pixels, over the limit of {limit()}.")
