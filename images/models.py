"""The plan's image model: every image carries its alt text and photo credit."""

from django.core.files import File
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from . import pixels


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


class PlanRendition(AbstractRendition):
    image = models.ForeignKey(PlanImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
