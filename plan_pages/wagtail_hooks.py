"""The admin's "Handlingsplan" menu: the plan's snippets and its document history."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from snippets.wagtail_hooks import ActorViewSet, ContactViewSet, GoalAreaViewSet, MeasureViewSet

from .models import HistoryEntry


class HistoryEntryViewSet(SnippetViewSet):
    model = HistoryEntry
    icon = "history"
    menu_label = _("Dokumenthistorikk")
    list_display = ["date", "version", "change", "responsible", "plan"]
    list_filter = ["plan", "version"]
    ordering = ["-date", "-pk"]


class PlanSnippetGroup(SnippetViewSetGroup):
    menu_label = _("Handlingsplan")
    menu_icon = "doc-full-inverse"
    menu_order = 200
    items = (ContactViewSet, MeasureViewSet, GoalAreaViewSet, ActorViewSet, HistoryEntryViewSet)


register_snippet(PlanSnippetGroup)
