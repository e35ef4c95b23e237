"""The API's router: every endpoint on one router (mounted by api.urls), so each
`detail_url` links within it."""

from wagtail.api.v2.router import WagtailAPIRouter

from .history import HistoryAPIViewSet
from .pages import PlanDocumentsAPIViewSet, PlanImagesAPIViewSet, PlanPagesAPIViewSet
from .snippets import ActorAPIViewSet, ContactAPIViewSet, GoalAreaAPIViewSet, MeasureAPIViewSet
from .versions import VersionsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PlanPagesAPIViewSet)
api_router.register_endpoint("images", PlanImagesAPIViewSet)
api_router.register_endpoint("documents", PlanDocumentsAPIViewSet)
api_router.register_endpoint("contacts", ContactAPIViewSet)
api_router.register_endpoint("measures", MeasureAPIViewSet)
api_router.register_endpoint("actors", ActorAPIViewSet)
api_router.register_endpoint("goal-areas", GoalAreaAPIViewSet)
api_router.register_endpoint("history", HistoryAPIViewSet)
api_router.register_endpoint("versions", VersionsAPIViewSet)
