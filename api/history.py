"""The plan's document history in the headless API.

Rows of live, public plans only; each row is date, version, change and who
is responsible (a body or a role). The user and revision a row records are for
editors and never leave the admin.
"""

from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Locale

from api.base import BadQueryParameter, StrictQueryMixin, parse_id, parse_order
from api.fields import ComputedFieldsMixin, InstanceField
from plan_pages.models import HistoryEntry, PlanPage


class PlanRefField(InstanceField):
    def to_representation(self, entry):
        return {"id": entry.plan_id}


class PublicPlansMixin:
    """The plans the request may see, and the one its `?plan=` names (else a named 400)."""

    def public_plans(self):
        return PlanPage.objects.filter(
            pk__in=get_public_pages_queryset(self.request).type(PlanPage).values("pk")
        )

    def requested_plan(self, value: str) -> PlanPage:
        plan = self.public_plans().filter(pk=parse_id("plan", value)).first()
        if plan is None:
            raise BadQueryParameter("plan", f"plan: no published plan with id {value}")
        return plan


class HistoryAPIViewSet(PublicPlansMixin, StrictQueryMixin, ComputedFieldsMixin, BaseAPIViewSet):
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
        "plan",  # the Norwegian plan the row belongs to
    ]
    computed_fields = {"plan": PlanRefField}
    listing_parameters = frozenset(["plan", "order"])
    order_fields = ("id", "date", "version")
    default_order = ("-date", "-id")

    @classmethod
    def get_listing_default_fields(cls, model):
        return cls.get_available_fields(model)

    def get_queryset(self):
        return HistoryEntry.objects.filter(plan__in=self.public_plans().values("pk"))

    def filter_queryset(self, queryset):
        if self.action != "listing_view":
            return queryset
        query = self.request.GET
        if "plan" in query:
            plan = self.requested_plan(query["plan"])
            if not plan.locale.is_default:
                plan = plan.get_translation_or_none(Locale.get_default()) or plan
            queryset = queryset.filter(plan=plan)
        return queryset.order_by(
            *parse_order(query.get("order"), self.order_fields, self.default_order)
        )
