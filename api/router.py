"""The API's router: every endpoint under /api/v2/, so each `detail_url` links within it."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from .history import HistoryAPIViewSet
from .pages import PlanDocumentsAPIViewSet, PlanImagesAPIViewSet, PlanPagesAPIViewSet
from .snippets import ActorAPIViewSet, ContactAPIViewSet, GoalAreaAPIViewSet, MeasureAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PlanPagesAPIViewSet)
api_router.register_endpoint("images", PlanImagesAPIViewSet)
api_router.register_endpoint("documents", PlanDocumentsAPIViewSet)
api_router.register_endpoint("contacts", ContactAPIViewSet)
api_router.register_endpoint("measures", MeasureAPIViewSet)
api_router.register_endpoint("actors", ActorAPIViewSet)
api_router.register_endpoint("goal-areas", GoalAreaAPIViewSet)
api_router.register_endpoint("history", HistoryAPIViewSet)

# Mounted by cms.urls, outside the language prefixes.
urlpatterns = [path("api/v2/", api_router.urls)]
