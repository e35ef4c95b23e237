"""The site root of each locale."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page

from languages.routing import SourceFallbackRouteMixin
from roles.permissions import PlanPagePermissionsMixin


class HomePage(PlanPagePermissionsMixin, SourceFallbackRouteMixin, Page):
    """Presents the plan: its title, goal, a call to read, and a link to each chapter."""

    call_to_read = models.CharField(
        _("oppfordring"),
        max_length=255,
        blank=True,
        help_text=_("Teksten på knappen som leder til planen, for eksempel «Les planen»."),
    )

    # The home page is a site root: it sits directly under Wagtail's root ...
    parent_page_types = ["wagtailcore.Page"]
    # ... and holds the plan.
    subpage_types = ["plan_pages.PlanPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("call_to_read")]
    api_fields = [APIField("call_to_read")]

    class Meta:
        verbose_name = _("forside")
        verbose_name_plural = _("forsider")

    def get_context(self, request, *args, **kwargs):
        from plan_pages.models import PlanPage

        context = super().get_context(request, *args, **kwargs)
        plan = PlanPage.objects.child_of(self).live().public().specific().first()
        context["plan"] = plan
        context["chapters"] = plan.public_chapters() if plan else []
        return context
