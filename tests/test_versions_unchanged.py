"""Approving a change never touches what an earlier version kept (plan_pages.versions)."""

import pytest
from django.test import Client

from plan_pages.models import PublishedVersion
from plan_pages.versions import strip_banner, version_path
from tests.sources import api_prefix
from tests.test_versions import approve_change

pytestmark = pytest.mark.django_db

API = api_prefix()


@pytest.fixture(autouse=True)
def render_kept_versions(settings):
    settings.PLANPORTAL_RENDER_KEPT_VERSIONS = True


def served_version(kept_versions) -> dict[str, bytes]:
    """Every page of the versions as served (the banner taken out) and their API details."""
    client = Client()
    served = {}
    for kept in kept_versions:
        plan_url = kept.plan.url
        urls = [version_path(plan_url, kept.version)] + [
            version_path(plan_url, kept.version, c.slug) for c in kept.chapters.exclude(html="")
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            served[url] = strip_banner(response.content.decode()).encode()
        detail = f"{API}/versions/{kept.pk}/"
        response = client.get(detail)
        assert response.status_code == 200, detail
        served[detail] = response.content
    return served


def test_approving_a_change_keeps_the_previous_versions_pages_byte_identical(
    users, superuser, history_chapter, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    first = approve_change(users, superuser, history_chapter, captured, intro="Første vedtak.")
    kept = list(PublishedVersion.objects.filter(decision=first).select_related("plan"))
    assert len(kept) > 1 and all(k.is_rendered for k in kept)
    stored = {k.pk: (k.html, k.api_json, k.html_sha256, k.rendered_at) for k in kept}
    before = served_version(kept)
    assert sum(1 for url in before if "/versjon/" in url) > len(kept)

    # The workflow's last approval publishes; the worker renders the new version
    # (django-tasks' immediate backend runs it on commit).
    second = approve_change(users, superuser, history_chapter, captured, intro="Andre vedtak.")
    assert second.version != first.version
    newer = PublishedVersion.objects.filter(decision=second)
    assert newer.exists() and all(v.is_rendered for v in newer)
    changed = newer.get(locale__language_code="nb").chapters.get(
        translation_key=history_chapter.translation_key
    )
    assert "Andre vedtak." in changed.html

    after = served_version(kept)
    assert after.keys() == before.keys()
    for url, content in before.items():
        assert after[url] == content, url
    for k in PublishedVersion.objects.filter(pk__in=stored):
        assert (k.html, k.api_json, k.html_sha256, k.rendered_at) == stored[k.pk]
