"""The plan's snippets in the headless API: contacts, measures, actors and goal areas.

Only live rows, ever: a draft (live=False) or the draft revision of a live row
(its text lives only in the revision) never reaches the API. Listings are in one
locale (`?locale=en`; Norwegian by default) or are the translations of one row
(`?translation_of=<id>`), and are paged and ordered like Wagtail's own endpoints.

The one exception is an editor's preview: a detail view with a valid
`?preview_token=` for that row (api.preview) serves its latest saved revision.
"""

from django.db.models import Prefetch
from django.utils import translation
from rest_framework.fields import ReadOnlyField
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Locale

from api.base import (
    BadQueryParameter,
    StrictQueryMixin,
    parse_id,
    parse_locale,
    parse_order,
)
from api.fields import InstanceField
from api.preview import PreviewTokenMixin
from snippets.models import Actor, Contact, GoalArea, Measure


class LocaleField(InstanceField):
    def to_representation(self, obj):
        return obj.locale.language_code


class PhoneNumbersField(InstanceField):
    def to_representation(self, contact):
        return [p.get_api_representation() for p in contact.phone_numbers.all()]


class CategoryLabelField(InstanceField):
    """The contact's category, named in the contact's language."""

    def to_representation(self, contact):
        with translation.override(contact.locale.language_code):
            return str(contact.get_category_display())


class GoalAreaSummaryField(InstanceField):
    def to_representation(self, measure):
        goal_area = measure.goal_area
        return {"id": goal_area.pk, "title": goal_area.title}


class ActorsSummaryField(InstanceField):
    def to_representation(self, measure):
        # Prefetched with live actors only (MeasureAPIViewSet.get_queryset); a preview's
        # revision holds all its actors, so the live ones are picked here too.
        actors = sorted(
            (actor for actor in measure.responsible_actors.all() if actor.live),
            key=lambda actor: (actor.sort_order, actor.pk),
        )
        return [{"id": actor.pk, "name": actor.name} for actor in actors]


class LiveSnippetAPIViewSet(PreviewTokenMixin, StrictQueryMixin, BaseAPIViewSet):
    """Live rows of one translatable snippet model, listing and detail.

    The detail view, `/api/v2/<endpoint>/<id>/?preview_token=<token>`, serves the
    latest revision of row <id> (even unpublished) when the token was issued for
    that row from the admin preview; the response carries `X-Planportal-Preview: 1`
    and `Cache-Control: private, no-store`. Any other token is ignored (the live row,
    or a 404); listings refuse the parameter with a 400.
    """

    filter_backends = []
    meta_fields = ["type", "detail_url", APIField("locale", serializer=LocaleField())]
    listing_parameters = frozenset(["locale", "translation_of", "order"])
    # ?order= accepts these (each may be prefixed with "-"); the default order is the editors'.
    order_fields = ("id", "sort_order")
    default_order = ("sort_order", "id")
    # ?<name>=<value> filters: name -> function(queryset, value) -> queryset.
    filters = {}

    @classmethod
    def get_listing_default_fields(cls, model):
        # Snippets are small: a listing shows every field.
        return cls.get_available_fields(model)

    def allowed_query_parameters(self):
        allowed = super().allowed_query_parameters()
        if self.action == "listing_view":
            allowed |= set(self.filters)
        return allowed

    def check_query_parameters(self, queryset):
        """Already done, with the parameter named, in StrictQueryMixin.initial."""

    def get_queryset(self):
        return self.model.objects.live().select_related("locale")

    def get_preview_base_object(self, pk):
        return self.model.objects.filter(pk=pk).first()

    def filter_queryset(self, queryset):
        if self.action != "listing_view":
            return queryset  # a detail is found by its id, in any locale
        query = self.request.GET
        if "translation_of" in query:
            pk = parse_id("translation_of", query["translation_of"])
            original = self.model.objects.live().filter(pk=pk).first()
            if original is None:
                raise BadQueryParameter(
                    "translation_of", f"translation_of: no published {self.name} with id {pk}"
                )
            queryset = queryset.filter(translation_key=original.translation_key).exclude(
                pk=original.pk
            )
        if "locale" in query:
            queryset = queryset.filter(locale=parse_locale(query["locale"]))
        elif "translation_of" not in query:
            queryset = queryset.filter(locale=Locale.get_default())
        for name, apply in self.filters.items():
            if name in query:
                queryset = apply(queryset, query[name])
        return queryset.order_by(
            *parse_order(query.get("order"), self.order_fields, self.default_order)
        )


def filter_by_choice(field, choices):
    def apply(queryset, value):
        if value not in choices:
            raise BadQueryParameter(field, f"{field} must be one of: {', '.join(sorted(choices))}")
        return queryset.filter(**{field: value})

    return apply


def filter_by_id(parameter, lookup):
    def apply(queryset, value):
        return queryset.filter(**{lookup: parse_id(parameter, value)})

    return apply


class ContactAPIViewSet(LiveSnippetAPIViewSet):
    name = "contacts"
    model = Contact
    body_fields = [
        "id",
        "name",
        "description",
        APIField("phone_numbers", serializer=PhoneNumbersField()),
        "email",
        "web_address",
        "warning",
        "category",
        APIField("category_label", serializer=CategoryLabelField()),
        "sort_order",
    ]
    order_fields = ("id", "sort_order", "name", "category")
    filters = {"category": filter_by_choice("category", set(Contact.Category.values))}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("phone_numbers")


class MeasureAPIViewSet(LiveSnippetAPIViewSet):
    name = "measures"
    model = Measure
    body_fields = [
        "id",
        "how",
        APIField("responsible", serializer=ReadOnlyField(source="responsible_display")),
        APIField("goal_area", serializer=GoalAreaSummaryField()),
        APIField("responsible_actors", serializer=ActorsSummaryField()),
        "sort_order",
    ]
    filters = {"goal_area": filter_by_id("goal_area", "goal_area_id")}

    def get_queryset(self):
        # A measure shows only under a live goal area (as on the plan's pages),
        # with only its live actors.
        return (
            super()
            .get_queryset()
            .filter(goal_area__live=True)
            .select_related("goal_area")
            .prefetch_related(
                Prefetch(
                    "responsible_actors", queryset=Actor.objects.live().order_by("sort_order", "pk")
                )
            )
        )


class ActorAPIViewSet(LiveSnippetAPIViewSet):
    name = "actors"
    model = Actor
    body_fields = ["id", "name", "description", "sort_order"]
    order_fields = ("id", "sort_order", "name")


class GoalAreaAPIViewSet(LiveSnippetAPIViewSet):
    name = "goal-areas"
    model = GoalArea
    body_fields = ["id", "title", "sort_order"]
    order_fields = ("id", "sort_order", "title")
