"""Admin URLs of the plan's moderation."""

from django.urls import path
from wagtail import hooks

from .review import URL_NAME
from .views import ReviewView


@hooks.register("register_admin_urls")
def register_review_url():
    return [path("plan/review/<int:revision_id>/", ReviewView.as_view(), name=URL_NAME)]
