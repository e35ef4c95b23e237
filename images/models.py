"""The plan's image model: every image carries its alt text and photo credit."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image


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

    class Meta(AbstractImage.Meta):
        verbose_name = _("bilde")
        verbose_name_plural = _("bilder")


class PlanRendition(AbstractRendition):
    image = models.ForeignKey(PlanImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
