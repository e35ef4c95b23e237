"""Versions kept (archive): each version of the plan frozen as it was published."""

import hashlib

import pytest
from django.db.models import ProtectedError
from wagtail.models import Revision

from plan_pages.models import ChapterPage, HistoryEntry, PlanPage, PublishedVersion
from tests.factories import unique_word
from tests.roles import approval_data, client_for, page_edit_data, workflow_action_url

pytestmark = pytest.mark.django_db

HISTORY_BODY = [("document_history", "")]


def approve_change(users, superuser, chapter, captured, *, intro):
    """Submit an edit of `chapter`'s intro as the SLT coordinator and approve it in both steps."""
    url, data = page_edit_data(chapter, superuser, body=HISTORY_BODY)
    data["intro"] = intro
    data["change_note"] = "Ny ingress."
    data["action-submit"] = "action-submit"
    with captured(execute=True):
        response = client_for(users["slt"]).post(url, data)
    assert response.status_code == 302
    for role in ["politirad", "kommunestyret"]:
        chapter = ChapterPage.objects.get(pk=chapter.pk)
        task_state = chapter.current_workflow_state.current_task_state
        with captured(execute=True):
            response = client_for(users[role]).post(
                workflow_action_url(chapter, "approve", task_state), approval_data()
            )
        assert response.status_code == 302
    return HistoryEntry.objects.get(
        sets_version=True, version=PlanPage.objects.get(pk=chapter.get_parent().pk).version
    )


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def test_approving_a_change_freezes_the_version(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    word = unique_word("vedtatt")
    entry = approve_change(
        users, superuser, history_chapter, django_capture_on_commit_callbacks, intro=f"Ny {word}."
    )
    versions = PublishedVersion.objects.filter(decision=entry)
    live_languages = set(
        PlanPage.objects.filter(translation_key=plan.translation_key)
        .live()
        .values_list("locale__language_code", flat=True)
    )
    assert {v.locale.language_code for v in versions} == live_languages
    nb = versions.get(locale__language_code="nb")
    assert nb.version == entry.version and nb.is_rendered and not nb.from_revisions
    assert nb.approved
    chapters = list(nb.chapters.all())
    live = list(ChapterPage.objects.child_of(plan).live().order_by("path"))
    assert [c.slug for c in chapters] == [c.slug for c in live]
    frozen = next(c for c in chapters if c.translation_key == history_chapter.translation_key)
    assert word in frozen.html
    assert frozen.html_sha256 == sha(frozen.html)
    assert frozen.api_sha256 == sha(frozen.api_json)
    assert word in frozen.api_json
    assert frozen.revision_id == ChapterPage.objects.get(pk=history_chapter.pk).live_revision_id
    assert nb.html_sha256 == sha(nb.html)

    with pytest.raises(ProtectedError):
        Revision.objects.filter(pk=frozen.revision_id).delete()
