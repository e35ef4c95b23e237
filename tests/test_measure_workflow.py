"""A measure through "Planbehandling" in the snippet admin: submit, approve twice, or reject."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from plan_pages.models import HistoryEntry, PlanPage
from plan_pages.versioning import next_version
from plan_pages.versions import version_path
from snippets.models import Measure
from tests.factories import unique_word
from tests.roles import (
    approval_data,
    client_for,
    snippet_edit_data,
    today_text,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db

MEASURE_ADMIN = "wagtailsnippets_snippets_measure"


def _public_html(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def _search_hits(client, word) -> list:
    response = client.get("/nb/sok/", {"q": word})
    assert response.status_code == 200
    return list(response.context["search_results"])


def _submit(measure, user, superuser, how, note):
    url, data = snippet_edit_data(MEASURE_ADMIN, measure, superuser)
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data["how"] = how
    data["change_note"] = note
    data["action-submit"] = "action-submit"
    response = client_for(user).post(url, data)
    assert response.status_code == 302, (
        getattr(response, "context", None) and response.context["form"].errors
    )
    state = Measure.objects.get(pk=measure.pk).current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == user
    return state


def _current_task_state(measure):
    return Measure.objects.get(pk=measure.pk).current_workflow_state.current_task_state.specific


def test_measure_goes_live_only_after_both_approvals(
    client,
    users,
    superuser,
    plan,
    measure,
    measures_chapter,
    history_chapter,
    django_capture_on_commit_callbacks,
):
    word = unique_word("tiltak")
    old_how = measure.how
    new_how = f"Koordinere innsatsen med {word} i alle skoler."
    note = f"Presisert tiltaket ({word})."
    version_before = plan.version
    rows_before = HistoryEntry.objects.count()
    assert old_how.splitlines()[0] in _public_html(client, measures_chapter)

    # SLT edits and submits.
    with django_capture_on_commit_callbacks(execute=True):
        _submit(measure, users["slt"], superuser, new_how, note)
    assert Measure.objects.get(pk=measure.pk).how == old_how
    assert word not in _public_html(client, measures_chapter)
    assert _search_hits(client, word) == []
    assert HistoryEntry.objects.count() == rows_before

    # The Politiråd approves its step: a history row at the current version, still not live.
    task_state = _current_task_state(measure)
    assert task_state.task.specific.body_name == "Politiråd"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["politirad"]).post(
            workflow_action_url(measure, "approve", task_state, snippet=True),
            approval_data(case_reference="PS 3/2025"),
        )
    assert response.status_code == 302
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED
    first = HistoryEntry.objects.order_by("-pk").first()
    assert HistoryEntry.objects.count() == rows_before + 1
    assert first.version == version_before
    assert first.change.startswith("Godkjent i Politiråd (PS 3/2025).")
    assert note in first.change  # the submitter's note stands in for an empty comment
    assert first.responsible == "Politiråd"
    assert first.user == users["politirad"]
    assert PlanPage.objects.get(pk=plan.pk).version == version_before
    assert Measure.objects.get(pk=measure.pk).how == old_how
    assert word not in _public_html(client, measures_chapter)
    assert _search_hits(client, word) == []

    # The Kommunestyret approves: live, one minor version up, a second row.
    task_state = _current_task_state(measure)
    assert task_state.task.specific.body_name == "Kommunestyret"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["kommunestyret"]).post(
            workflow_action_url(measure, "approve", task_state, snippet=True),
            approval_data(comment="Vedtatt uten endringer."),
        )
    assert response.status_code == 302
    live = Measure.objects.get(pk=measure.pk)
    assert live.how == new_how
    assert live.live and not live.has_unpublished_changes
    assert live.current_workflow_state is None
    assert word in _public_html(client, measures_chapter)

    expected_version = next_version(version_before)
    plan.refresh_from_db()
    assert plan.version == expected_version
    assert HistoryEntry.objects.count() == rows_before + 2
    second = HistoryEntry.objects.order_by("-pk").first()
    assert second.version == expected_version
    assert second.change == "Godkjent i Kommunestyret. Vedtatt uten endringer."
    assert second.responsible == "Kommunestyret"
    assert not HistoryEntry.objects.filter(change__startswith="Redaksjonell endring").exists()

    html = _public_html(client, history_chapter)
    assert "Godkjent i Kommunestyret. Vedtatt uten endringer." in html
    row = html[html.index("Godkjent i Kommunestyret. Vedtatt uten endringer.") - 600 :]
    assert f"<td>{today_text()}</td>" in row
    # The version that the approval gave links to its kept copy (tests/test_versions.py).
    version_url = version_path(plan.url, expected_version)
    assert f'<a class="ds-link" href="{version_url}">{expected_version}</a>' in row


def test_rejected_measure_stays_as_it_was_and_the_submitter_hears_why(
    client,
    users,
    superuser,
    plan,
    measure,
    measures_chapter,
    django_capture_on_commit_callbacks,
):
    word = unique_word("avvist")
    old_how = measure.how
    version_before = plan.version
    rows_before = HistoryEntry.objects.count()
    live_revision_before = measure.live_revision_id

    with django_capture_on_commit_callbacks(execute=True):
        _submit(measure, users["slt"], superuser, f"Tiltak med {word}.", "Nytt tiltak.")
    mail.outbox.clear()

    reason = f"Tiltaket mangler finansiering ({word})."
    task_state = _current_task_state(measure)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["politirad"]).post(
            workflow_action_url(measure, "reject", task_state, snippet=True), {"comment": reason}
        )
    assert response.status_code == 302

    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    current = Measure.objects.get(pk=measure.pk)
    assert current.how == old_how
    assert current.live_revision_id == live_revision_before
    assert word not in _public_html(client, measures_chapter)
    assert HistoryEntry.objects.count() == rows_before
    assert PlanPage.objects.get(pk=plan.pk).version == version_before

    to_submitter = [m for m in mail.outbox if users["slt"].email in m.to]
    assert len(to_submitter) == 1, [m.to for m in mail.outbox]
    assert reason in to_submitter[0].body


def test_reviewers_cannot_edit_the_measure_in_review(users, superuser, measure):
    _submit(measure, users["slt"], superuser, "Endret tiltak.", "")
    for role in ["politirad", "kommunestyret"]:
        response = client_for(users[role]).get(reverse(f"{MEASURE_ADMIN}:edit", args=[measure.pk]))
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")


def test_reviewers_can_preview_a_measure_draft_in_review(users, superuser, measure):
    """The bodies see the draft they decide on, through the workflow preview.

    Wagtail registers a snippet's `workflow_preview` URL only for PreviewableMixin
    models, which Measure is; reviewers have no other way to see the draft (no
    view/change permission on measures, no editor access).
    """
    word = unique_word("ansvar")
    url, data = snippet_edit_data(MEASURE_ADMIN, measure, superuser)
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data["responsible_text"] = f"Ansvar {word}"
    data["action-submit"] = "action-submit"
    assert client_for(users["slt"]).post(url, data).status_code == 302
    task_state = _current_task_state(measure)

    preview_url = reverse(
        f"{MEASURE_ADMIN}:workflow_preview", args=[measure.pk, task_state.task_id]
    )
    response = client_for(users["politirad"]).get(preview_url)
    assert response.status_code == 200
    assert word in response.content.decode()
