"""The review of a revision (moderation.review): approvers see what they approve, and no more."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from moderation.review import review_url
from tests.roles import assert_refused, client_for, page_edit_data, today_text

NOTE = "Ny formulering av innledningen"
NEW_INTRO = "Innledningen slik SLT vil ha den"


def save_intro(page, user, action=None):
    """The history chapter's intro edited in the real edit form with a change note, then
    `action` ("submit"; none saves a draft)."""
    url, data = page_edit_data(page, user, body=[("document_history", "")])
    data["intro"] = NEW_INTRO
    data["change_note"] = NOTE
    if action:
        data[f"action-{action}"] = "1"
    response = client_for(user).post(url, data)
    assert response.status_code == 302
    page.refresh_from_db()
    return page.latest_revision


@pytest.fixture
def chapter(history_chapter):
    return history_chapter


def test_an_approver_reviews_the_submitted_revision_with_its_note(users, chapter):
    revision = save_intro(chapter, users["slt"], "submit")
    for approver in ("politirad", "kommunestyret"):
        response = client_for(users[approver]).get(review_url(revision))
        assert response.status_code == 200
        html = response.content.decode()
        assert NOTE in html and NEW_INTRO in html


def test_a_draft_nobody_submitted_is_not_shown_to_approvers(users, chapter):
    revision = save_intro(chapter, users["slt"])
    assert_refused(client_for(users["politirad"]).get(review_url(revision)))
    assert_refused(client_for(users["oversetter"]).get(review_url(revision)))
    assert client_for(users["kommunikasjon"]).get(review_url(revision)).status_code == 200


def test_once_published_the_revision_stays_reviewable_for_approvers(users, chapter):
    revision = save_intro(chapter, users["slt"], "submit")
    state = WorkflowState.objects.get(status="in_progress", object_id=str(chapter.pk))
    for approver in ("politirad", "kommunestyret"):
        task_state = state.current_task_state
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[chapter.pk, "approve", task_state.pk]
        )
        response = client_for(users[approver]).post(url, {"decision_date": today_text()})
        assert response.status_code == 302
        state.refresh_from_db()
    chapter.refresh_from_db()
    assert chapter.live_revision_id == revision.pk
    assert client_for(users["politirad"]).get(review_url(revision)).status_code == 200
