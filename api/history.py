"""The plan's document history in the headless API.

Rows of live, public plans only; each row is date, version, change and who
is responsible (a body or a role). The user and revision a row records are for
editors and never leave the admin.
"""

from wagtail.api import APIField
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Locale

from api.base import BadQueryParameter, StrictQueryMixin, parse_id, parse_order
from api.fields import InstanceField
from plan_pages.models import HistoryEntry, PlanPage


class PlanRefField(InstanceField):
    def to_representation(self, entry):
        return {"id": entry.plan_id}


class HistoryAPIViewSet(StrictQueryMixin, BaseAPIViewSet):
    """`history/?plan=<id>`: a plan's document history, newest first.

    `plan` may be the plan in any language: the history belongs to the
    Norwegian plan and translations show the same rows (as on the plan's pages).
    """

    name = "history"
    model = HistoryEntry
    filter_backends = []
    # Never "user", "revision" or "created_at".
    body_fields = [
        "id",
        "date",
        "version",
        "change",
        "responsible",
        # The Norwegian plan the row belongs to.
        APIField("plan", serializer=PlanRefField()),
    ]
    listing_parameters = frozenset(["plan", "order"])
    order_fields = ("id", "date", "version")
    default_order = ("-date", "-id")

    @classmethod
    def get_listing_default_fields(cls, model):
        return cls.get_available_fields(model)

    def check_query_parameters(self, queryset):
        """Already done, with the parameter named, in StrictQueryMixin.initial."""

    def public_plans(self):
        return PlanPage.objects.filter(
            pk__in=get_public_pages_queryset(self.request).type(PlanPage).values("pk")
        )

    def get_queryset(self):
        return HistoryEntry.objects.filter(plan__in=self.public_plans().values("pk"))

    def filter_queryset(self, queryset):
        if self.action != "listing_view":
            return queryset
        query = self.request.GET
        if "plan" in query:
            plan = self.public_plans().filter(pk=parse_id("plan", query["plan"])).first()
            if plan is None:
                raise BadQueryParameter("plan", f"plan: no published plan with id {query['plan']}")
            if not plan.locale.is_default:
                plan = plan.get_translation_or_none(Locale.get_default()) or plan
            queryset = queryset.filter(plan=plan)
        return queryset.order_by(
            *parse_order(query.get("order"), self.order_fields, self.default_order)
        )
