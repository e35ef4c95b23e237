"""The plan's kept versions in the headless API (plan_pages.PublishedVersion).

One item per version and language, as frozen when it was published: where its pages
are kept (`html_url`), the SHA-256 of each stored page and API answer, and (detail)
the API answers themselves. Only versions that were rendered, of plans live now that the
request may see, without the versions with a chapter it may not see now (checked on each
request against the view restrictions, as Wagtail's API does for pages); never the decision's
user or revision.
"""

import json

from django.db.models import Prefetch, Q
from wagtail.api.v2.views import BaseAPIViewSet

from api.base import BadQueryParameter, StrictQueryMixin, parse_locale, parse_order
from api.fields import ComputedFieldsMixin, InstanceField
from api.history import PlanRefField, PublicPlansMixin
from api.snippets import LocaleField
from core.visibility import view_restrictions
from plan_pages.models import PublishedChapter, PublishedVersion
from plan_pages.versioning import VERSION_PATTERN
from plan_pages.versions import pdf_path, version_path

_REFUSED = "_planportal_refused_restrictions"


def _version_url(context, published, slug=None) -> str | None:
    plan_url = published.plan.get_url(context.get("request"))
    if plan_url is None:
        return None
    return context["request"].build_absolute_uri(version_path(plan_url, published.version, slug))


def refused_paths(request) -> list[str]:
    """The paths of the pages whose view restrictions refuse the request (as Wagtail's API
    decides which pages it serves, get_public_pages_queryset), read once per request."""
    refused = getattr(request, _REFUSED, None)
    if refused is None:
        refused = [r.page.path for r in view_restrictions(request) if not r.accept_request(request)]
        setattr(request, _REFUSED, refused)
    return refused


def _frozen(text: str):
    return json.loads(text) if text else None


class VersionUrlField(InstanceField):
    """The kept plan page's public address."""

    def to_representation(self, published):
        return _version_url(self.context, published)


class VersionPdfField(InstanceField):
    """The version's PDF download, once the task worker has made it."""

    def to_representation(self, published):
        if not published.pdf:
            return None
        plan_url = published.plan.get_url(self.context.get("request"))
        if plan_url is None:
            return None
        return self.context["request"].build_absolute_uri(pdf_path(plan_url, published.version))


class VersionPlanRefField(PlanRefField):
    """The plan in this version's language."""


class ApiJsonField(InstanceField):
    """The plan page's API detail answer as it was (null: rendered from revisions)."""

    def to_representation(self, published):
        return _frozen(published.api_json)


class VersionChaptersField(InstanceField):
    """The version's chapters in order, each with its kept address and digests."""

    def to_representation(self, published):
        detail = self.context.get("view") is not None and (
            self.context["view"].action == "detail_view"
        )
        result = []
        for chapter in published.chapters.all():
            item = {
                "number": chapter.number,
                "title": chapter.title,
                "slug": chapter.slug,
                "html_url": _version_url(self.context, published, chapter.slug),
                "html_sha256": chapter.html_sha256,
                "api_sha256": chapter.api_sha256 or None,
            }
            if detail:
                item["api"] = _frozen(chapter.api_json)
            result.append(item)
        return result


class VersionsAPIViewSet(PublicPlansMixin, StrictQueryMixin, ComputedFieldsMixin, BaseAPIViewSet):
    """`versions/?plan=<id>&locale=<code>`: the plan's kept versions, newest first.

    Each version of the plan, in each language it was published in, frozen then:
    its pages' HTML (at `html_url`, and each chapter's) and the API's answers, each
    with its SHA-256. `api` (detail) is the API answer as it was; null when the version
    was rendered from its revisions after a later publish. The plan's rows from before
    the CMS have no kept version. `pdf`: the whole version as a tagged PDF in its
    language (null until the task worker has made it; never for a private plan).
    """

    name = "versions"
    model = PublishedVersion
    filter_backends = []
    body_fields = [
        "id",
        "version",
        "date",
        "locale",
        "plan",
        "change",
        "approved",
        "html_url",
        "html_sha256",
        "api_sha256",
        "from_revisions",
        "pdf",
        "pdf_sha256",
        "chapters",
        "api",
    ]
    detail_only_fields = ["api"]
    computed_fields = {
        "plan": VersionPlanRefField,
        "locale": LocaleField,
        "html_url": VersionUrlField,
        "pdf": VersionPdfField,
        "chapters": VersionChaptersField,
        "api": ApiJsonField,
    }
    listing_parameters = frozenset(["plan", "locale", "version", "order"])
    order_fields = ("id", "date")
    default_order = ("-date", "-id")

    @classmethod
    def get_listing_default_fields(cls, model):
        return [f for f in cls.get_available_fields(model) if f not in cls.detail_only_fields]

    def get_queryset(self):
        # Never the stored pages themselves (at html_url); the API answers in a detail only.
        unread = ["html"] if self.action == "detail_view" else ["html", "api_json"]
        return (
            PublishedVersion.objects.filter(
                rendered_at__isnull=False, plan__in=self.public_plans().values("pk")
            )
            .defer(*unread)
            .select_related("plan", "locale")
            .exclude(self.withdrawn())
            .prefetch_related(
                Prefetch("chapters", queryset=PublishedChapter.objects.defer(*unread))
            )
        )

    def withdrawn(self) -> Q:
        """Versions with a chapter made private since they were kept, to whom its view
        restriction refuses: the chapter's title and text are in all of the version
        (plan_pages.versions.refused, for the kept pages)."""
        withdrawn = Q()
        for path in refused_paths(self.request):
            withdrawn |= Q(chapters__page__path__startswith=path)
        return withdrawn

    def filter_queryset(self, queryset):
        if self.action != "listing_view":
            return queryset
        query = self.request.GET
        if "plan" in query:
            plan = self.requested_plan(query["plan"])
            queryset = queryset.filter(plan__translation_key=plan.translation_key)
        if "locale" in query:
            queryset = queryset.filter(locale=parse_locale(query["locale"]))
        if "version" in query:
            if not VERSION_PATTERN.match(query["version"]):
                raise BadQueryParameter("version", "version must be major.minor, e.g. 1.3")
            queryset = queryset.filter(version=query["version"])
        return queryset.order_by(
            *parse_order(query.get("order"), self.order_fields, self.default_order)
        )
