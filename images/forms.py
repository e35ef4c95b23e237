"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail's, with a clear refusal of
an image with too many pixels (PLANPORTAL_MAX_IMAGE_PIXELS, see images.pixels).

Wagtail's own check (WAGTAILIMAGES_MAX_IMAGE_PIXELS, set from the same setting) asks Willow for
the size, and Willow's Pillow plugin decodes the whole image to answer; it counts one frame per
image (Willow counts frames with Wand only), and reports an image above Pillow's limit as an
"unknown number" of pixels. This field reads the header alone, counts every frame of an
animation, and says what the editor uploaded and what to do.
"""

import math

from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from . import pixels


def megapixels(count: int, *, round_up: bool = False) -> str:
    """`count` pixels in megapixels, one decimal at most, in the active language's format.

    An image's own size is rounded up, so that one just over the limit never reads as equal.
    """
    value = math.ceil(count / 100_000) / 10 if round_up else count / 1_000_000
    return floatformat(value, -1)


def too_many_pixels_message(size: pixels.Size | None) -> str:
    limit = megapixels(pixels.limit())
    if size is None:
        return _(
            "This image has too many pixels. The largest image allowed is %(limit)s "
            "megapixels: make it smaller and upload it again."
        ) % {"limit": limit}
    values = {
        "width": size.width,
        "height": size.height,
        "frames": size.frames,
        "megapixels": megapixels(size.pixels, round_up=True),
        "limit": limit,
    }
    if size.frames > 1:
        return (
            _(
                "This animation has %(frames)s frames of %(width)s × %(height)s pixels, "
                "%(megapixels)s megapixels in all. The largest image allowed is %(limit)s "
                "megapixels: make it smaller or shorter and upload it again."
            )
            % values
        )
    return (
        _(
            "This image is %(width)s × %(height)s pixels, %(megapixels)s megapixels. The largest "
            "image allowed is %(limit)s megapixels: make it smaller and upload it again."
        )
        % values
    )


class PlanImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        # Not Wagtail's check: Willow's Pillow plugin decodes the whole image to tell its size.
        size = pixels.read_size(f)
        if pixels.too_many(size):
            raise ValidationError(too_many_pixels_message(size), code="file_too_many_pixels")


class PlanImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail builds the field in `formfield_for_dbfield`; declaring it here instead would
        # put it back into the forms that leave the file out (the multiple upload's edit step).
        field = self.fields.get("file")
        if field is not None:
            self.fields["file"] = PlanImageField(
                label=field.label,
                required=field.required,
                widget=field.widget,
                max_length=field.max_length,
                allow_empty_file=field.allow_empty_file,
            )
