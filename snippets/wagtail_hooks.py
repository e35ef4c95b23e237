"""Admin for the plan's snippets, grouped under "Handlingsplan"."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from plan_pages.models import HistoryEntry

from .models import Actor, Contact, GoalArea, Measure


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "mail"
    menu_label = _("Kontakter")
    list_display = ["name", "category", "sort_order", "live"]
    list_filter = ["category", "locale"]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "pk"]


class ActorViewSet(SnippetViewSet):
    model = Actor
    icon = "group"
    menu_label = _("Aktører")
    list_display = ["name", "sort_order", "live"]
    list_filter = ["locale"]
    ordering = ["sort_order", "pk"]


class GoalAreaViewSet(SnippetViewSet):
    model = GoalArea
    icon = "folder-open-inverse"
    menu_label = _("Innsatsområder")
    list_display = ["title", "sort_order", "live"]
    list_filter = ["locale"]
    ordering = ["sort_order", "pk"]


class MeasureViewSet(SnippetViewSet):
    model = Measure
    icon = "tasks"
    menu_label = _("Tiltak")
    list_display = ["how", "goal_area", "responsible_text", "sort_order", "live"]
    list_filter = ["goal_area", "locale"]
    ordering = ["goal_area__sort_order", "sort_order", "pk"]


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
