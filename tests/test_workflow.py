"""Planbehandling through the real admin views: SLT submits, Politiråd and Kommunestyret decide."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from plan_pages.models import ChapterPage, HistoryEntry, PlanPage
from plan_pages.versioning import next_version
from tests.roles import approve, form_data, page_workflow_action, submit_edit


@pytest.fixture
def slt(users):
    return users["slt"]


@pytest.fixture
def police_council(users):
    return users["politirad"]


@pytest.fixture
def municipal_council(users):
    return users["kommunestyret"]


@pytest.fixture
def chapter(history_chapter):
    """The history chapter: its body is a single document_history block."""
    return history_chapter


def public_text(client, page):
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def new_history(plan, before_ids):
    return list(HistoryEntry.objects.filter(plan=plan).exclude(pk__in=before_ids))


def test_the_whole_path_from_draft_to_a_new_version(
    client,
    plan,
    chapter,
    slt,
    police_council,
    municipal_council,
    django_capture_on_commit_callbacks,
):
    version_before = plan.version
    newest_before = plan.plan_history[0]
    history_before = list(HistoryEntry.objects.values_list("pk", flat=True))
    new_intro = "Planen er revidert etter innspill fra ungdomsrådet."

    # E-mails go once the action has committed (moderation.notifications).
    with django_capture_on_commit_callbacks(execute=True):
        submit_edit(client, slt, chapter, new_intro, "Ny ingress etter innspill")
    state = WorkflowState.objects.get(object_id=str(chapter.pk), status="in_progress")
    assert state.current_task_state.task.specific.body_name == "Politiråd"
    assert new_intro not in public_text(client, chapter)
    # Politiråd's members are told a plan awaits them.
    assert any(police_council.email in m.to for m in mail.outbox)

    response = approve(client, police_council, chapter, case_reference="PS 7/2026")
    assert response.status_code == 302
    assert new_intro not in public_text(client, chapter)
    [step_one] = new_history(plan, history_before)
    assert (step_one.version, step_one.responsible) == (version_before, "Politiråd")
    assert step_one.change == "Godkjent i Politiråd (PS 7/2026). Ny ingress etter innspill"
    assert step_one.date == timezone.localdate()
    assert step_one.user == police_council

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(client, municipal_council, chapter, comment="Vedtatt revidert ingress")
    assert response.status_code == 302

    chapter.refresh_from_db()
    assert chapter.intro == new_intro and not chapter.has_unpublished_changes
    plan.refresh_from_db()
    assert plan.version == next_version(version_before)
    rows = new_history(plan, history_before)
    assert len(rows) == 2
    final = max(rows, key=lambda r: r.pk)
    assert (final.version, final.responsible) == (plan.version, "Kommunestyret")
    assert final.change == "Godkjent i Kommunestyret. Vedtatt revidert ingress"
    assert final.revision == chapter.live_revision

    html = public_text(client, chapter)
    assert new_intro in html
    date = timezone.localdate().strftime("%d.%m.%Y")
    newest = html.index("Godkjent i Kommunestyret. Vedtatt revidert ingress")
    assert html.index("Godkjent i Politiråd (PS 7/2026)") > newest
    shown_before = newest_before.date.strftime("%d.%m.%Y")
    assert html.index(shown_before) > html.index("Godkjent i Politiråd (PS 7/2026)")
    assert date in html
    # The submitter hears of the approval.
    assert any(slt.email in m.to for m in mail.outbox)
    assert "Vis revisjonen" not in html  # the public gets no admin links


def test_editors_reach_the_recorded_revision_and_its_comparison(
    client, plan, chapter, users, slt, police_council, municipal_council
):
    submit_edit(client, slt, chapter, "Ny tekst for sammenligning", "Sammenligning")
    approve(client, police_council, chapter)
    approve(client, municipal_council, chapter)
    final = HistoryEntry.objects.filter(plan=plan).latest("pk")
    links = final.admin_links()
    assert str(chapter.pk) in links["revision"] and str(final.revision_id) in links["compare"]

    client.force_login(users["kommunikasjon"])
    html = client.get(chapter.url).content.decode()
    assert links["revision"] in html and links["compare"] in html
    assert client.get(links["revision"]).status_code == 200
    assert client.get(links["compare"]).status_code == 200


@pytest.mark.parametrize("step", [1, 2])
def test_rejection_at_either_step_publishes_nothing_and_writes_no_row(
    client,
    plan,
    chapter,
    slt,
    police_council,
    municipal_council,
    step,
    django_capture_on_commit_callbacks,
):
    version_before = plan.version
    intro_before = chapter.intro
    submit_edit(client, slt, chapter, "Avvist utkast", "Forslag")
    if step == 2:
        approve(client, police_council, chapter)
    rows_before = HistoryEntry.objects.count()
    mail.outbox.clear()

    reviewer = police_council if step == 1 else municipal_council
    with django_capture_on_commit_callbacks(execute=True):
        response = page_workflow_action(
            client, reviewer, chapter, "reject", comment="Mangler forankring i SLT-gruppa"
        )
    assert response.status_code == 302

    chapter.refresh_from_db()
    plan.refresh_from_db()
    assert chapter.intro == intro_before
    assert "Avvist utkast" not in public_text(client, chapter)
    assert HistoryEntry.objects.count() == rows_before
    assert plan.version == version_before
    state = WorkflowState.objects.filter(object_id=str(chapter.pk)).latest("created_at")
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    to_submitter = [m for m in mail.outbox if slt.email in m.to]
    assert to_submitter, "the submitter is told of the rejection"
    assert any("Mangler forankring i SLT-gruppa" in m.body for m in to_submitter)


def test_an_approval_form_without_a_date_is_refused_and_changes_nothing(
    client, chapter, slt, police_council
):
    submit_edit(client, slt, chapter, "Utkast", "Forslag")
    rows_before = HistoryEntry.objects.count()
    response = approve(client, police_council, chapter, decision_date="ikke en dato")
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(chapter.pk), status="in_progress")
    assert state.current_task_state.task.specific.body_name == "Politiråd"
    assert HistoryEntry.objects.count() == rows_before


def test_an_edit_during_review_needs_approval_again_and_the_approved_revision_goes_live(
    client, plan, chapter, slt, police_council, municipal_council
):
    submit_edit(client, slt, chapter, "Første utkast", "Første runde")
    approve(client, police_council, chapter)
    # An edit after Politiråd's approval: saved as a draft in the workflow.
    submit_edit(client, slt, chapter, "Andre utkast", "Andre runde", action="action-submit")
    state = WorkflowState.objects.get(object_id=str(chapter.pk), status="in_progress")

    # Kommunestyret's approval of the old round does not finish: Politiråd must see the edit.
    approve(client, municipal_council, chapter)
    state.refresh_from_db()
    chapter.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.body_name == "Politiråd"
    assert "Andre utkast" not in public_text(client, chapter)

    approve(client, police_council, chapter)
    approve(client, municipal_council, chapter)
    chapter.refresh_from_db()
    approved = state.current_task_state.revision
    assert chapter.live_revision == approved
    assert chapter.intro == "Andre utkast"


def test_a_scheduled_approved_revision_goes_live_at_its_time(
    client, plan, chapter, slt, police_council, municipal_council
):
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    submit_edit(
        client,
        slt,
        chapter,
        "Gjelder fra neste uke",
        "Planlagt endring",
        extra={"go_live_at": go_live.strftime("%Y-%m-%d %H:%M")},
    )
    approve(client, police_council, chapter)
    approve(client, municipal_council, chapter)
    chapter.refresh_from_db()
    assert chapter.intro != "Gjelder fra neste uke"
    assert "Gjelder fra neste uke" not in public_text(client, chapter)
    rows = HistoryEntry.objects.count()

    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(days=3)
    ):
        call_command("publish_scheduled")
    chapter.refresh_from_db()
    assert chapter.intro == "Gjelder fra neste uke"
    # Going live at the planned time is the approved decision: no extra row.
    assert HistoryEntry.objects.count() == rows
    assert PlanPage.objects.get(pk=plan.pk).version == next_version(plan.version)


def test_a_new_chapter_in_review_is_nowhere_public_until_the_final_approval(
    client, plan, slt, police_council, municipal_council
):
    title = "Tiltak for nettmiljøer"
    client.force_login(slt)
    url = reverse("wagtailadmin_pages:add", args=["plan_pages", "chapterpage", plan.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = form_data(response.content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([])}))
    data.update(
        {
            "title": title,
            "slug": "tiltak-for-nettmiljoer",
            "number": "10",
            "intro": "Utkast til nytt kapittel om nettmiljøer.",
            "change_note": "Nytt kapittel",
            "action-submit": "1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302
    chapter = ChapterPage.objects.get(slug="tiltak-for-nettmiljoer")
    assert not chapter.live

    def public_places():
        client.logout()
        return {
            "plan": title in client.get(plan.url).content.decode(),
            "search": title in client.get("/nb/sok/", {"q": "nettmiljøer"}).content.decode(),
            "sitemap": "tiltak-for-nettmiljoer" in client.get("/sitemap.xml").content.decode(),
            "page": client.get("/nb/handlingsplan/tiltak-for-nettmiljoer/").status_code == 200,
        }

    assert not any(public_places().values())
    approve(client, police_council, chapter)
    assert not any(public_places().values())
    approve(client, municipal_council, chapter)
    assert all(public_places().values())


# --- a round of changes: its note, and what it is compared with ----------------------


def test_the_note_of_a_saved_draft_is_the_note_of_its_submission(
    client, plan, chapter, slt, police_council, municipal_council
):
    """The note belongs to the round: save a draft with it, submit without retyping it."""
    history_before = list(HistoryEntry.objects.values_list("pk", flat=True))
    note = "Oppdatert kontaktinformasjon i ingressen"
    submit_edit(client, slt, chapter, "Første utkast", note, action="action-save")
    submit_edit(client, slt, chapter, "Utkast til behandling", "")

    task_state = WorkflowState.objects.get(
        object_id=str(chapter.pk), status="in_progress"
    ).current_task_state
    approve(client, police_council, chapter)
    task_state.refresh_from_db()
    assert task_state.comment == note
    approve(client, municipal_council, chapter)

    rows = sorted(new_history(plan, history_before), key=lambda r: r.pk)
    assert [r.change for r in rows] == [
        f"Godkjent i Politiråd. {note}",
        f"Godkjent i Kommunestyret. {note}",
    ]


def test_a_published_round_does_not_lend_its_note_to_the_next(
    client, plan, chapter, slt, police_council, municipal_council
):
    submit_edit(client, slt, chapter, "Første runde", "Første runde sin merknad")
    approve(client, police_council, chapter)
    approve(client, municipal_council, chapter)
    history_before = list(HistoryEntry.objects.values_list("pk", flat=True))

    submit_edit(client, slt, chapter, "Andre runde", "")
    approve(client, police_council, chapter)
    [row] = new_history(plan, history_before)
    assert row.change == "Godkjent i Politiråd."


def test_an_editorial_publish_quotes_the_note_of_its_round(client, plan, chapter, users):
    adviser = users["kommunikasjon"]
    history_before = list(HistoryEntry.objects.values_list("pk", flat=True))
    submit_edit(
        client, adviser, chapter, "Rettet skrivefeil", "Rettet en skrivefeil", "action-save"
    )
    submit_edit(client, adviser, chapter, "Rettet skrivefeil.", "", action="action-publish")
    [row] = new_history(plan, history_before)
    assert row.change == "Redaksjonell endring: Rettet en skrivefeil"
    assert row.sets_version


def test_every_row_compares_its_revision_with_what_was_live_before(
    client, plan, chapter, slt, police_council, municipal_council
):
    """Both steps record the same revision: each compares it with the live one, never itself."""
    live_before = chapter.live_revision_id
    history_before = list(HistoryEntry.objects.values_list("pk", flat=True))
    submit_edit(client, slt, chapter, "Ny tekst for sammenligning", "Sammenligning")
    approve(client, police_council, chapter)
    approve(client, municipal_council, chapter)
    chapter.refresh_from_db()

    rows = sorted(new_history(plan, history_before), key=lambda r: r.pk)
    assert [(r.previous_revision_id, r.revision_id) for r in rows] == [
        (live_before, chapter.live_revision_id)
    ] * 2
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[chapter.pk, live_before, chapter.live_revision_id],
    )
    assert [r.admin_links()["compare"] for r in rows] == [compare, compare]


# --- the plan's version is the plan's, never a revision's ------------------------------


def test_a_draft_of_the_plan_shows_and_keeps_the_version_approved_after_it(
    client, plan, chapter, users, slt, police_council, municipal_council
):
    """A draft of the plan page saved before a round is approved: the draft as the editor
    and the preview load it (its revision) has the new version, never the one it was saved
    with, and publishing it raises the new version (PlanPage.with_content_json)."""
    saved_with = (plan.version, plan.version_date)
    plan.intro = "<p>Utkast til ny innledning.</p>"
    plan.save_revision(user=users["kommunikasjon"])

    submit_edit(client, slt, chapter, "Ny ingress i en godkjent runde.", "Ny runde")
    approve(client, police_council, chapter)
    approve(client, municipal_council, chapter)
    plan.refresh_from_db()
    approved = (plan.version, plan.version_date)
    assert approved != saved_with
    assert plan.version == next_version(saved_with[0])

    draft = PlanPage.objects.get(pk=plan.pk).get_latest_revision_as_object()
    assert draft.intro == "<p>Utkast til ny innledning.</p>"
    assert (draft.version, draft.version_date) == approved

    draft.get_latest_revision().publish(user=users["kommunikasjon"])
    plan.refresh_from_db()
    assert plan.intro == "<p>Utkast til ny innledning.</p>"
    assert plan.version == next_version(approved[0])
