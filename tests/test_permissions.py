"""Who may do what: every role × every admin action, through the real admin URLs.

An allowed action must take effect; a refused one must be refused by the
admin (a redirect to the dashboard with a message, or 403) and leave the
database exactly as it was. Where Wagtail turns a "publish" by someone who
may only edit into saving a draft, only the draft may change: nothing goes
live and no history is written.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, Revision, TaskState, WorkflowState

from images.models import PlanImage
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage
from roles.definitions import POLICE_COUNCIL, SLT_COORDINATOR
from snippets.models import Contact, Measure
from tests.factories import unique_word
from tests.roles import (
    ROLES,
    add_test_chapter,
    approval_data,
    assert_refused,
    client_for,
    form_data_for_action,
    make_role_users,
    make_user,
    page_edit_data,
    plan_workflow,
    snippet_edit_data,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db


# --- the world each test starts from -----------------------------------------


class World:
    """Users, the objects acted on, and workflow set-ups for the approval actions."""

    def __init__(self, plan):
        self.users = make_role_users()
        self.superuser = make_user("superbruker", superuser=True)
        self.submitter = make_user("innsender", SLT_COORDINATOR)
        self.police_member = make_user("politirad-medlem", POLICE_COUNCIL)
        self.chapter = add_test_chapter(plan, intro="Ingress som den er publisert.")
        self.original_intro = self.chapter.intro
        self.word = unique_word("utkast")
        self.measure = Measure.objects.live().filter(locale__language_code="nb").first()
        self.contact = Contact.objects.live().filter(locale__language_code="nb").first()
        self.image = PlanImage.objects.order_by("pk").first()
        self.history_row = HistoryEntry.objects.order_by("pk").first()
        self.workflow_state = None
        self.task_state = None

    # Workflow set-ups: submitted by someone else than every demo user.

    def submit_draft(self):
        self.chapter.intro = f"Utkast til behandling {self.word}."
        self.chapter.save_revision(user=self.submitter)
        self.workflow_state = plan_workflow().start(self.chapter, self.submitter)
        self.task_state = self.workflow_state.current_task_state.specific

    def approve_step_1(self):
        self.submit_draft()
        task = self.task_state.task.specific
        task.on_action(
            self.task_state,
            self.police_member,
            "approve",
            decision_date=approval_date(),
            case_reference="",
            comment="",
        )
        self.workflow_state.refresh_from_db()
        self.task_state = self.workflow_state.current_task_state.specific
        assert self.task_state.task.specific.body_name == "Kommunestyret"

    def live_chapter(self):
        return ChapterPage.objects.get(pk=self.chapter.pk)


def approval_date():
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture
def world(plan):
    return World(plan)


# --- what the database looks like -----------------------------------------------


def live_state() -> dict:
    """What the public sees and what the plan records: must never move on refusal."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list("pk", "live", "live_revision_id", "title")
        ),
        "chapters": list(ChapterPage.objects.order_by("pk").values_list("pk", "intro")),
        "plan": list(PlanPage.objects.values_list("pk", "version", "version_date")),
        "history": list(
            HistoryEntry.objects.order_by("pk").values_list(
                "pk", "date", "version", "change", "responsible"
            )
        ),
        "measures": list(
            Measure.objects.order_by("pk").values_list("pk", "live", "how", "live_revision_id")
        ),
        "contacts": list(
            Contact.objects.order_by("pk").values_list("pk", "live", "name", "live_revision_id")
        ),
        "images": list(PlanImage.objects.order_by("pk").values_list("pk", "title")),
        "workflows": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        "tasks": list(TaskState.objects.order_by("pk").values_list("pk", "status")),
    }


def full_state() -> dict:
    """Everything, drafts and logs included."""
    from wagtail.models import ModelLogEntry, PageLogEntry

    return {
        **live_state(),
        "revisions": Revision.objects.count(),
        "latest": list(
            Page.objects.order_by("pk").values_list(
                "pk", "latest_revision_id", "has_unpublished_changes"
            )
        ),
        "measure_drafts": list(
            Measure.objects.order_by("pk").values_list(
                "pk", "latest_revision_id", "has_unpublished_changes"
            )
        ),
        "page_log": PageLogEntry.objects.count(),
        "model_log": ModelLogEntry.objects.count(),
    }


# --- the actions -----------------------------------------------------------------


def _without_actions(data):
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    return data


def _page_post(world, client, **extra):
    url, data = page_edit_data(world.chapter, world.superuser)
    data = _without_actions(data)
    data["intro"] = f"Ny ingress {world.word}."
    data["change_note"] = "Endret ingressen."
    data.update(extra)
    return client.post(url, data)


def _measure_post(world, client, **extra):
    url, data = snippet_edit_data(
        "wagtailsnippets_snippets_measure", world.measure, world.superuser
    )
    data = _without_actions(data)
    data["how"] = f"Nytt tiltak {world.word}."
    data.update(extra)
    return client.post(url, data)


def _chapter_draft(world):
    return world.live_chapter().get_latest_revision_as_object()


def _measure_draft(world):
    return Measure.objects.get(pk=world.measure.pk).get_latest_revision_as_object()


@dataclass(frozen=True)
class Action:
    perform: Callable  # (world, client) -> response
    done: Callable  # (world, response) -> None, asserts the action took effect
    setup: Callable = lambda world: None


def _done_edit_view(world, response):
    assert response.status_code == 200


def _done_save_draft(world, response):
    assert response.status_code == 302
    assert world.word in _chapter_draft(world).intro
    assert world.live_chapter().intro == world.original_intro
    assert world.live_chapter().live


def _done_submit(world, response):
    assert response.status_code == 302
    state = world.live_chapter().current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert world.word in state.current_task_state.revision.as_object().intro
    assert world.live_chapter().intro == world.original_intro


def _done_publish(world, response):
    assert response.status_code == 302
    assert world.word in world.live_chapter().intro


def _done_unpublish(world, response):
    assert response.status_code == 302
    assert not world.live_chapter().live


def _done_delete(world, response):
    assert response.status_code == 302
    assert not Page.objects.filter(pk=world.chapter.pk).exists()


def _done_approve_step_1(world, response):
    assert response.status_code == 302
    world.task_state.refresh_from_db()
    assert world.task_state.status == TaskState.STATUS_APPROVED
    world.workflow_state.refresh_from_db()
    assert world.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert world.workflow_state.current_task_state.task.specific.body_name == "Kommunestyret"
    assert world.live_chapter().intro == world.original_intro


def _done_approve_step_2(world, response):
    assert response.status_code == 302
    world.workflow_state.refresh_from_db()
    assert world.workflow_state.status == WorkflowState.STATUS_APPROVED
    assert world.word in world.live_chapter().intro


def _done_reject(world, response):
    assert response.status_code == 302
    world.task_state.refresh_from_db()
    assert world.task_state.status == TaskState.STATUS_REJECTED
    world.workflow_state.refresh_from_db()
    assert world.workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert world.live_chapter().intro == world.original_intro


def _done_preview(world, response):
    assert response.status_code == 200
    assert world.word in response.content.decode()


def _preview(world, client):
    url = reverse(
        "wagtailadmin_pages:workflow_preview", args=[world.chapter.pk, world.task_state.task_id]
    )
    return client.get(url)


def _history_edit_post(world, client):
    url, data = snippet_edit_data(
        "wagtailsnippets_plan_pages_historyentry", world.history_row, world.superuser
    )
    data["change"] = "Rettet av noen som ikke får lov."
    return client.post(url, data)


def _done_history_edit(world, response):
    assert response.status_code == 302
    assert HistoryEntry.objects.get(pk=world.history_row.pk).change.startswith("Rettet")


def _done_history_delete(world, response):
    assert response.status_code == 302
    assert not HistoryEntry.objects.filter(pk=world.history_row.pk).exists()


def _done_measure_save_draft(world, response):
    assert response.status_code == 302
    assert world.word in _measure_draft(world).how
    assert world.word not in Measure.objects.get(pk=world.measure.pk).how


def _done_measure_submit(world, response):
    assert response.status_code == 302
    state = Measure.objects.get(pk=world.measure.pk).current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert world.word not in Measure.objects.get(pk=world.measure.pk).how


def _done_measure_publish(world, response):
    assert response.status_code == 302
    assert world.word in Measure.objects.get(pk=world.measure.pk).how


def _contact_publish(world, client):
    url, data = snippet_edit_data(
        "wagtailsnippets_snippets_contact", world.contact, world.superuser
    )
    data = _without_actions(data)
    data["name"] = f"Kontakt {world.word}"
    data["action-publish"] = "action-publish"
    return client.post(url, data)


def _done_contact_publish(world, response):
    assert response.status_code == 302
    assert Contact.objects.get(pk=world.contact.pk).name == f"Kontakt {world.word}"


def _image_edit(world, client):
    url = reverse("wagtailimages:edit", args=[world.image.pk])
    response = client_for(world.superuser).get(url)
    assert response.status_code == 200
    data = form_data_for_action(response.content.decode(), url)
    data["title"] = f"Bilde {world.word}"
    return client.post(url, data)


def _done_image_edit(world, response):
    assert response.status_code == 302
    assert PlanImage.objects.get(pk=world.image.pk).title == f"Bilde {world.word}"


ACTIONS = {
    "edit_view": Action(
        perform=lambda w, c: c.get(reverse("wagtailadmin_pages:edit", args=[w.chapter.pk])),
        done=_done_edit_view,
    ),
    "save_draft": Action(perform=lambda w, c: _page_post(w, c), done=_done_save_draft),
    "submit": Action(
        perform=lambda w, c: _page_post(w, c, **{"action-submit": "action-submit"}),
        done=_done_submit,
    ),
    "publish": Action(
        perform=lambda w, c: _page_post(w, c, **{"action-publish": "action-publish"}),
        done=_done_publish,
    ),
    "unpublish": Action(
        perform=lambda w, c: c.post(
            reverse("wagtailadmin_pages:unpublish", args=[w.chapter.pk]), {}
        ),
        done=_done_unpublish,
    ),
    "delete": Action(
        perform=lambda w, c: c.post(reverse("wagtailadmin_pages:delete", args=[w.chapter.pk]), {}),
        done=_done_delete,
    ),
    "preview_step_1": Action(setup=World.submit_draft, perform=_preview, done=_done_preview),
    "preview_step_2": Action(setup=World.approve_step_1, perform=_preview, done=_done_preview),
    "approve_step_1": Action(
        setup=World.submit_draft,
        perform=lambda w, c: c.post(
            workflow_action_url(w.chapter, "approve", w.task_state), approval_data()
        ),
        done=_done_approve_step_1,
    ),
    "approve_step_2": Action(
        setup=World.approve_step_1,
        perform=lambda w, c: c.post(
            workflow_action_url(w.chapter, "approve", w.task_state), approval_data()
        ),
        done=_done_approve_step_2,
    ),
    "reject_step_1": Action(
        setup=World.submit_draft,
        perform=lambda w, c: c.post(
            workflow_action_url(w.chapter, "reject", w.task_state),
            {"comment": "Må omarbeides."},
        ),
        done=_done_reject,
    ),
    "reject_step_2": Action(
        setup=World.approve_step_1,
        perform=lambda w, c: c.post(
            workflow_action_url(w.chapter, "reject", w.task_state),
            {"comment": "Må omarbeides."},
        ),
        done=_done_reject,
    ),
    "history_edit_view": Action(
        perform=lambda w, c: c.get(
            reverse("wagtailsnippets_plan_pages_historyentry:edit", args=[w.history_row.pk])
        ),
        done=_done_edit_view,
    ),
    "history_edit": Action(perform=_history_edit_post, done=_done_history_edit),
    "history_delete": Action(
        perform=lambda w, c: c.post(
            reverse("wagtailsnippets_plan_pages_historyentry:delete", args=[w.history_row.pk]), {}
        ),
        done=_done_history_delete,
    ),
    "measure_edit_view": Action(
        perform=lambda w, c: c.get(
            reverse("wagtailsnippets_snippets_measure:edit", args=[w.measure.pk])
        ),
        done=_done_edit_view,
    ),
    "measure_save_draft": Action(
        perform=lambda w, c: _measure_post(w, c), done=_done_measure_save_draft
    ),
    "measure_submit": Action(
        perform=lambda w, c: _measure_post(w, c, **{"action-submit": "action-submit"}),
        done=_done_measure_submit,
    ),
    "measure_publish": Action(
        perform=lambda w, c: _measure_post(w, c, **{"action-publish": "action-publish"}),
        done=_done_measure_publish,
    ),
    "contact_publish": Action(perform=_contact_publish, done=_done_contact_publish),
    "image_edit": Action(perform=_image_edit, done=_done_image_edit),
}

# Who may do what (roles/definitions.py, moderation/models.py). Columns:
#                      kommunikasjon, slt, politirad, kommunestyret, oversetter
ALLOWED = {
    "edit_view": (1, 1, 0, 0, 0),
    "save_draft": (1, 1, 0, 0, 0),
    "submit": (1, 1, 0, 0, 0),
    "publish": (1, 0, 0, 0, 0),
    "unpublish": (1, 0, 0, 0, 0),
    # A leaf page: whoever may edit and publish may delete it; SLT may not (it is live).
    "delete": (1, 0, 0, 0, 0),
    # Each body previews, approves and rejects only its own step.
    "preview_step_1": (0, 0, 1, 0, 0),
    "preview_step_2": (0, 0, 0, 1, 0),
    "approve_step_1": (0, 0, 1, 0, 0),
    "approve_step_2": (0, 0, 0, 1, 0),
    "reject_step_1": (0, 0, 1, 0, 0),
    "reject_step_2": (0, 0, 0, 1, 0),
    # History rows: superusers only (tests/test_history_rows.py).
    "history_edit_view": (0, 0, 0, 0, 0),
    "history_edit": (0, 0, 0, 0, 0),
    "history_delete": (0, 0, 0, 0, 0),
    "measure_edit_view": (1, 1, 0, 0, 0),
    "measure_save_draft": (1, 1, 0, 0, 0),
    "measure_submit": (1, 1, 0, 0, 0),
    "measure_publish": (1, 0, 0, 0, 0),
    "contact_publish": (1, 0, 0, 0, 0),
    "image_edit": (1, 0, 0, 0, 0),
}
assert set(ALLOWED) == set(ACTIONS)

MATRIX = [
    pytest.param(role, action, bool(allowed), id=f"{role}-{action}-{'ja' if allowed else 'nei'}")
    for action, row in ALLOWED.items()
    for role, allowed in zip(ROLES, row, strict=True)
]

# Wagtail saves a draft instead when someone who may edit, but not publish, asks to
# publish: the request is not refused, but nothing goes live.
PUBLISH_BECOMES_DRAFT = {("slt", "publish"), ("slt", "measure_publish")}


@pytest.mark.parametrize(("role", "action", "allowed"), MATRIX)
def test_permission_matrix(
    world, role, action, allowed, mailoutbox, django_capture_on_commit_callbacks
):
    spec = ACTIONS[action]
    spec.setup(world)
    client = client_for(world.users[role])
    before_full, before_live = full_state(), live_state()

    with django_capture_on_commit_callbacks(execute=True):
        response = spec.perform(world, client)

    if allowed:
        spec.done(world, response)
    elif (role, action) in PUBLISH_BECOMES_DRAFT:
        assert response.status_code == 302
        assert live_state() == before_live
    else:
        assert_refused(response)
        assert full_state() == before_full


def test_matrix_covers_every_role_and_action():
    assert {p.values[0] for p in MATRIX} == set(ROLES)
    assert len(MATRIX) == len(ROLES) * len(ACTIONS)


# --- approving: own step, own group, never one's own submission ------------------


def test_submitter_in_the_approving_group_cannot_approve_own_submission(world):
    both = make_user("slt-og-politirad", SLT_COORDINATOR, POLICE_COUNCIL)
    client = client_for(both)
    url, data = page_edit_data(world.chapter, world.superuser)
    data = _without_actions(data)
    data["intro"] = f"Eget utkast {world.word}."
    data["action-submit"] = "action-submit"
    assert client.post(url, data).status_code == 302

    state = world.live_chapter().current_workflow_state
    assert state.requested_by == both
    task_state = state.current_task_state.specific
    assert task_state.task.specific.get_actions(world.live_chapter(), both) == []
    before = full_state()

    response = client.post(
        workflow_action_url(world.chapter, "approve", task_state), approval_data()
    )
    assert_refused(response)
    response = client.post(
        workflow_action_url(world.chapter, "reject", task_state), {"comment": "Nei."}
    )
    assert_refused(response)
    assert full_state() == before
    # Nor does the step show up among the tasks they can moderate.
    assert not task_state.task.specific.get_task_states_user_can_moderate(both).exists()
    # Another member of the body can.
    assert task_state.task.specific.get_task_states_user_can_moderate(
        world.users["politirad"]
    ).exists()


@pytest.mark.parametrize("step", [1, 2])
def test_superuser_outside_the_group_cannot_approve(world, step):
    world.approve_step_1() if step == 2 else world.submit_draft()
    superuser = world.superuser
    assert world.task_state.task.specific.get_actions(world.live_chapter(), superuser) == []
    client = client_for(superuser)
    before = full_state()

    for action, data in [("approve", approval_data()), ("reject", {"comment": "Nei."})]:
        response = client.post(workflow_action_url(world.chapter, action, world.task_state), data)
        assert_refused(response)
    assert full_state() == before


def test_direct_task_action_refused_for_non_members(world):
    """The task itself refuses, not only the view (PlanApprovalTask.on_action)."""
    from django.core.exceptions import PermissionDenied

    world.submit_draft()
    task = world.task_state.task.specific
    for user in [world.users["kommunestyret"], world.superuser, world.submitter]:
        with pytest.raises(PermissionDenied):
            task.on_action(world.task_state, user, "approve", decision_date=approval_date())
    world.task_state.refresh_from_db()
    assert world.task_state.status == TaskState.STATUS_IN_PROGRESS


def test_reviewers_get_no_editor_for_a_page_in_review(world):
    world.submit_draft()
    for role in ["politirad", "kommunestyret"]:
        response = client_for(world.users[role]).get(
            reverse("wagtailadmin_pages:edit", args=[world.chapter.pk])
        )
        assert_refused(response)


def test_refused_history_edit_is_not_logged(world):
    before = log_registry.get_logs_for_instance(world.history_row).count()
    _history_edit_post(world, client_for(world.users["kommunikasjon"]))
    assert log_registry.get_logs_for_instance(world.history_row).count() == before
