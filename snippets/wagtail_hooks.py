"""Admin viewsets for the plan's snippets (grouped under "Handlingsplan" by plan_pages)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, LocaleColumn
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .models import Actor, Contact, GoalArea, Measure


def live_column():
    """Whether the snippet is published, as Ja/Nei (a bare `live` shows True/False)."""
    return Column(
        "live",
        label=_("Publisert"),
        accessor=lambda obj: _("Ja") if obj.live else _("Nei"),
        sort_key="live",
    )


class SourceLocaleIndexView(IndexView):
    """A listing of one language at a time: the source (nb) unless the editor picks another.

    Wagtail's own locale filter (added to every translatable snippet's listing)
    shows all languages mixed until one is chosen; here it starts on the
    default locale, and the "Språk" column names each row's language whenever
    the editor asks for all of them.
    """

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        if "locale" not in self.request.GET and self.locale:
            data = self.request.GET.copy()
            data["locale"] = self.locale.language_code
            kwargs["data"] = data
        return kwargs


class PlanSnippetViewSet(SnippetViewSet):
    index_view_class = SourceLocaleIndexView


class ContactViewSet(PlanSnippetViewSet):
    model = Contact
    icon = "mail"
    menu_label = _("Kontakter")
    list_display = ["name", LocaleColumn(), "category", "sort_order", live_column()]
    list_filter = ["category", "live"]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "pk"]


class ActorViewSet(PlanSnippetViewSet):
    model = Actor
    icon = "group"
    menu_label = _("Aktører")
    list_display = ["name", LocaleColumn(), "sort_order", live_column()]
    list_filter = ["live"]
    ordering = ["sort_order", "pk"]


class GoalAreaViewSet(PlanSnippetViewSet):
    model = GoalArea
    icon = "folder-open-inverse"
    menu_label = _("Innsatsområder")
    list_display = ["title", LocaleColumn(), "sort_order", live_column()]
    list_filter = ["live"]
    ordering = ["sort_order", "pk"]


class MeasureViewSet(PlanSnippetViewSet):
    model = Measure
    icon = "tasks"
    menu_label = _("Tiltak")
    list_display = [
        "how",
        LocaleColumn(),
        "goal_area",
        "responsible_text",
        "sort_order",
        live_column(),
    ]
    list_filter = ["goal_area", "live"]
    ordering = ["goal_area__sort_order", "sort_order", "pk"]
