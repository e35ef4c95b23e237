"""The plan's image model: every image carries its alt text and photo credit."""

from django.core.files import File
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import UnidentifiedImageError
from wagtail.images.models import AbstractImage, AbstractRendition, Image, WagtailImageFieldFile

from . import pixels


class PlanImageFieldFile(WagtailImageFieldFile):
    """The original's width and height, for the model's `width` and `height`, from its header:
    Wagtail asks Willow, whose Pillow plugin decodes the whole image to tell its size."""

    def get_image_dimensions(self):
        close = self.closed
        try:
            self.open()
            size = pixels.read_size(self)
        except UnidentifiedImageError:
            return super().get_image_dimensions()  # not Pillow's (an SVG): Willow's way
        finally:
            if close:
                self.close()
            else:
                self.seek(0)
        if size is None:  # above Pillow's own limit: no size to give
            raise pixels.TooManyPixels(
                f"{self.name}: more than twice the limit of {pixels.limit()} pixels."
            )
        return size.width, size.height


class PlanImage(AbstractImage):
    # Wagtail uses `description` as the image's default alt text; here it is required.
    description = models.CharField(
        _("alternativ tekst"),
        max_length=255,
        help_text=_("Beskriv hva bildet viser for den som ikke kan se det (påkrevd)."),
    )
    photo_credit = models.CharField(
        _("fotograf / kilde"),
        max_length=255,
        blank=True,
        help_text=_("Vises som «Foto: …» under bildet, for eksempel «Lucy K. Østmann»."),
    )

    admin_form_fields = (*Image.admin_form_fields, "photo_credit")

    def generate_rendition_file(self, filter, *, source: File | None = None) -> File:
        """Wagtail's, after a look at the original's header: no rendition of an image over
        PLANPORTAL_MAX_IMAGE_PIXELS (images.pixels.TooManyPixels, logged), nothing decoded."""
        if source is not None:
            pixels.check(self, source)
            return super().generate_rendition_file(filter, source=source)
        with self.open_file() as file:  # opened once, for the look and for Wagtail
            pixels.check(self, file)
            return super().generate_rendition_file(filter, source=file)

    class Meta(AbstractImage.Meta):
        verbose_name = _("bilde")
        verbose_name_plural = _("bilder")


# Every PlanImage's file reads its size from the header (the field is Wagtail's, inherited).
PlanImage._meta.get_field("file").attr_class = PlanImageFieldFile


class PlanRendition(AbstractRendition):
    image = models.ForeignKey(PlanImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
