"""Demo users for the plan's roles, and helpers to drive the real admin as them.

Tests get the demo users from the `users` fixture (conftest), which is
`make_role_users()`; code without fixtures (a module-scoped scene, a process
run on a database copy) calls `make_role_users()` itself. `make_user` is for
any other user: a second member of a role, a user in two groups or in none.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from moderation.definitions import WORKFLOW_NAME
from moderation.history import history_suppressed
from roles.definitions import (
    COMMUNICATIONS_ADVISER,
    MUNICIPAL_COUNCIL,
    POLICE_COUNCIL,
    SLT_COORDINATOR,
    TRANSLATOR,
)
from tests.factories import add_chapter

# Short keys used in parametrize tables, mapped to the group each demo user is in.
ROLE_GROUPS = {
    "kommunikasjon": COMMUNICATIONS_ADVISER,
    "slt": SLT_COORDINATOR,
    "politirad": POLICE_COUNCIL,
    "kommunestyret": MUNICIPAL_COUNCIL,
    "oversetter": TRANSLATOR,
}
ROLES = tuple(ROLE_GROUPS)


def make_user(username: str, *groups: str, superuser: bool = False):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.com",
        password="passord-123",
        first_name=username.capitalize(),
        is_superuser=superuser,
        is_staff=superuser,
    )
    if groups:
        user.groups.set(Group.objects.filter(name__in=groups))
        assert user.groups.count() == len(groups), groups
    return user


def make_role_users() -> dict:
    """One demo user per role, keyed by the short role key."""
    return {key: make_user(f"demo-{key}", group) for key, group in ROLE_GROUPS.items()}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def today_text() -> str:
    return timezone.localdate().strftime("%d.%m.%Y")


def admin_home_url() -> str:
    return reverse("wagtailadmin_home")


def assert_refused(response):
    """Wagtail refuses with a redirect to the dashboard (and a message) or a 403."""
    if response.status_code == 302:
        assert response["Location"] == admin_home_url(), response["Location"]
    else:
        assert response.status_code == 403, response.status_code


# --- form data from the real admin forms -------------------------------------


def form_data(html: str, **kwargs) -> dict:
    """The data a browser would post from a form of `html` (Wagtail's `querydict_from_html`
    arguments), as a dict of lists.

    Django's test client posts a QueryDict's last value per key only, so a field
    with several values (a measure's actors) would silently lose all but one.
    """
    return dict(querydict_from_html(html, **kwargs).lists())


def page_edit_data(page, viewer, body=()):
    """The page edit form's data as the admin renders it to `viewer`.

    A StreamField's inputs are built by JavaScript, so the body is given here
    as (block type, value) pairs, as in tests/test_pages.py.
    """
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client_for(viewer).get(url)
    assert response.status_code == 200
    data = form_data(response.content.decode(), form_id="page-edit-form")
    for key in [k for k in data if k.startswith("body-") or k.startswith("action-")]:
        del data[key]
    data.update(nested_form_data({"body": streamfield(list(body))}))
    return url, data


def save_history_chapter(page, user, *, intro, note, action=None):
    """The history chapter's intro edited in the real edit form with a change note, then
    `action` ("submit", "publish"; none saves a draft). Returns the revision it saved."""
    url, data = page_edit_data(page, user, body=[("document_history", "")])
    data["intro"] = intro
    data["change_note"] = note
    if action:
        data[f"action-{action}"] = "1"
    response = client_for(user).post(url, data)
    assert response.status_code == 302
    page.refresh_from_db()
    return page.latest_revision


def add_test_chapter(plan, **kwargs):
    """A live chapter with an empty body under the plan (so under "Planbehandling").

    Created without history: its first publish is set-up, not an editorial change.
    """
    with history_suppressed():
        return add_chapter(plan, **kwargs)


def snippet_edit_data(url_namespace, obj, superuser):
    url = reverse(f"{url_namespace}:edit", args=[obj.pk])
    response = client_for(superuser).get(url)
    assert response.status_code == 200
    return url, form_data(response.content.decode(), form_id="w-editor-form")


# --- workflow ------------------------------------------------------------------


def plan_workflow() -> Workflow:
    return Workflow.objects.get(name=WORKFLOW_NAME)


def workflow_action_url(obj, action: str, task_state, *, snippet: bool = False) -> str:
    name = (
        "wagtailsnippets_snippets_measure:workflow_action"
        if snippet
        else "wagtailadmin_pages:workflow_action"
    )
    return reverse(name, args=[obj.pk, action, task_state.pk])


def approval_data(comment: str = "", case_reference: str = "") -> dict:
    return {"decision_date": today_text(), "case_reference": case_reference, "comment": comment}


def submit_edit(client, user, page, intro, note, action="action-submit", extra=None):
    """Edit the history chapter's intro in the real edit form as `user` and press `action`."""
    url, data = page_edit_data(page, user, body=[("document_history", "")])
    client.force_login(user)
    data["intro"] = intro
    data["change_note"] = note
    data[action] = "1"
    for key, value in (extra or {}).items():
        data[key] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response


def page_workflow_action(client, user, page, action, **data):
    """`action` ("approve", "reject") on the page's current step, posted as `user`."""
    client.force_login(user)
    state = WorkflowState.objects.get(
        base_content_type=page.get_base_content_type(), object_id=str(page.pk), status="in_progress"
    )
    url = workflow_action_url(page, action, state.current_task_state)
    return client.post(url, data)


def approve(client, user, page, **data):
    data.setdefault("decision_date", today_text())
    return page_workflow_action(client, user, page, "approve", **data)


def form_data_for_action(html: str, action_url: str):
    """The data of the form on the page that posts to `action_url`."""
    forms = WagtailTestUtils.get_soup(html).find_all("form")
    for index, form in enumerate(forms):
        if form.attrs.get("action", "") == action_url:
            return form_data(html, form_index=index)
    raise AssertionError(f"No form posts to {action_url}")
