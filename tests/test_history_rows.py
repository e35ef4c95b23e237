"""The plan's Dokumenthistorikk: which actions write rows, who may correct them, how they show."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import WorkflowState
from wagtail.test.utils import WagtailTestUtils

from plan_loading import plan_content as pc
from plan_pages.models import ChapterPage, HistoryEntry, PlanPage
from plan_pages.versioning import next_version
from snippets.models import Actor, Contact, GoalArea
from tests.factories import unique_word
from tests.roles import (
    ROLES,
    approval_data,
    assert_refused,
    client_for,
    page_edit_data,
    snippet_edit_data,
    today_text,
    workflow_action_url,
)

pytestmark = pytest.mark.django_db

HISTORY_ADMIN = "wagtailsnippets_plan_pages_historyentry"
HISTORY_BODY = [("document_history", "")]


def _rows():
    return list(
        HistoryEntry.objects.order_by("pk").values_list(
            "pk", "date", "version", "change", "responsible", "revision_id", "user_id"
        )
    )


def _post_chapter(chapter, user, superuser, *, intro, note, action):
    url, data = page_edit_data(chapter, superuser, body=HISTORY_BODY)
    data["intro"] = intro
    data["change_note"] = note
    data[f"action-{action}"] = f"action-{action}"
    response = client_for(user).post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response


def _editorial_publish(chapter, user, superuser, note, captured):
    with captured(execute=True):
        _post_chapter(
            chapter,
            user,
            superuser,
            intro=f"Ingress rettet ({unique_word()}).",
            note=note,
            action="publish",
        )


def test_editorial_publish_writes_one_row(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    version_before = plan.version
    rows_before = HistoryEntry.objects.count()
    note = "Rettet skrivefeil i ingressen."

    _editorial_publish(
        history_chapter, users["kommunikasjon"], superuser, note, django_capture_on_commit_callbacks
    )

    chapter = ChapterPage.objects.get(pk=history_chapter.pk)
    assert chapter.intro.startswith("Ingress rettet")
    assert HistoryEntry.objects.count() == rows_before + 1
    row = HistoryEntry.objects.order_by("-pk").first()
    assert row.change == f"Redaksjonell endring: {note}"
    assert row.version == next_version(version_before)
    assert row.responsible == "Kommunikasjonsrådgiver"
    assert row.user == users["kommunikasjon"]
    assert row.revision_id == chapter.live_revision_id
    plan.refresh_from_db()
    assert plan.version == next_version(version_before)


def test_publishing_through_the_workflow_writes_no_editorial_row(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    version_before = plan.version
    rows_before = HistoryEntry.objects.count()
    word = unique_word("vedtak")

    with django_capture_on_commit_callbacks(execute=True):
        _post_chapter(
            history_chapter,
            users["slt"],
            superuser,
            intro=f"Ny ingress {word}.",
            note="Ny ingress.",
            action="submit",
        )
    for role in ["politirad", "kommunestyret"]:
        chapter = ChapterPage.objects.get(pk=history_chapter.pk)
        task_state = chapter.current_workflow_state.current_task_state
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(users[role]).post(
                workflow_action_url(chapter, "approve", task_state), approval_data()
            )
        assert response.status_code == 302

    chapter = ChapterPage.objects.get(pk=history_chapter.pk)
    assert word in chapter.intro
    assert chapter.workflow_states.get().status == WorkflowState.STATUS_APPROVED
    new_rows = list(HistoryEntry.objects.order_by("pk")[rows_before:])
    assert [r.change for r in new_rows] == [
        "Godkjent i Politiråd. Ny ingress.",
        "Godkjent i Kommunestyret. Ny ingress.",
    ]
    assert [r.version for r in new_rows] == [version_before, next_version(version_before)]
    assert not HistoryEntry.objects.filter(change__startswith="Redaksjonell endring").exists()
    assert PlanPage.objects.get(pk=plan.pk).version == next_version(version_before)


# Every snippet of the plan, the field its editor changes, its admin.
SNIPPETS = {
    "kontakt": (Contact, "name", "wagtailsnippets_snippets_contact"),
    "aktør": (Actor, "name", "wagtailsnippets_snippets_actor"),
    "innsatsområde": (GoalArea, "title", "wagtailsnippets_snippets_goalarea"),
}


def _post_snippet(kind, obj, user, superuser, note, action):
    model, field, namespace = SNIPPETS[kind]
    url, data = snippet_edit_data(namespace, obj, superuser)
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data[field] = f"Endret navn {unique_word()}"
    data["change_note"] = note
    data[f"action-{action}"] = f"action-{action}"
    response = client_for(user).post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return model.objects.get(pk=obj.pk)


@pytest.mark.parametrize("kind", SNIPPETS)
def test_an_editorial_change_to_a_published_snippet_writes_one_row_each(
    kind, users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    """Contacts, actors and goal areas change what the plan tells citizens, as measures do."""
    model = SNIPPETS[kind][0]
    obj = model.objects.live().filter(locale__language_code="nb").order_by("pk").first()
    assert obj is not None, kind
    adviser = users["kommunikasjon"]
    version = plan.version
    rows_before = HistoryEntry.objects.count()

    # A draft changes nothing public: no row.
    with django_capture_on_commit_callbacks(execute=True):
        _post_snippet(kind, obj, adviser, superuser, "Utkast.", "save")
    assert HistoryEntry.objects.count() == rows_before

    for note in ["Første rettelse.", "Andre rettelse."]:
        with django_capture_on_commit_callbacks(execute=True):
            live = _post_snippet(kind, obj, adviser, superuser, note, "publish")
        version = next_version(version)
        row = HistoryEntry.objects.order_by("-pk").first()
        assert (row.change, row.version) == (f"Redaksjonell endring: {note}", version)
        assert (row.responsible, row.user) == ("Kommunikasjonsrådgiver", adviser)
        assert row.revision_id == live.live_revision_id and row.sets_version
    assert HistoryEntry.objects.count() == rows_before + 2
    assert PlanPage.objects.get(pk=plan.pk).version == version
    # Editors reach the row's revision and comparison from the public history.
    response = client_for(adviser).get(history_chapter.url)
    assert response.status_code == 200
    html = response.content.decode()
    links = row.admin_links()
    assert links["revision"] in html and links["compare"] in html
    assert client_for(adviser).get(links["compare"]).status_code == 200


@pytest.mark.parametrize("kind", SNIPPETS)
def test_publishing_a_snippets_translation_writes_no_row(kind, users, plan):
    model = SNIPPETS[kind][0]
    obj = model.objects.live().filter(locale__language_code="en").order_by("pk").first()
    assert obj is not None, kind
    adviser = users["kommunikasjon"]
    rows, version = _rows(), plan.version

    setattr(obj, SNIPPETS[kind][1], f"Translated {unique_word()}")
    obj.save_revision(user=adviser).publish(user=adviser)

    assert model.objects.get(pk=obj.pk).live_revision_id == obj.latest_revision.pk
    assert _rows() == rows
    assert PlanPage.objects.get(pk=plan.pk).version == version


def test_load_plan_again_writes_no_rows(
    users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    # Editorial changes that differ from the source, a page's and a contact's ...
    _editorial_publish(
        history_chapter,
        users["kommunikasjon"],
        superuser,
        "Ny ingress.",
        django_capture_on_commit_callbacks,
    )
    contact = Contact.objects.filter(locale__language_code="nb").order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        _post_snippet(
            "kontakt", contact, users["kommunikasjon"], superuser, "Nytt navn.", "publish"
        )
    rows = _rows()
    version = PlanPage.objects.get(pk=plan.pk).version

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_plan", stdout=io.StringIO())

    # ... are the editor's: the loader leaves them live, writes no row and no version.
    chapter = ChapterPage.objects.get(pk=history_chapter.pk)
    assert chapter.intro.startswith("Ingress rettet")
    assert Contact.objects.get(pk=contact.pk).name.startswith("Endret navn")
    assert _rows() == rows
    assert PlanPage.objects.get(pk=plan.pk).version == version


def test_superuser_corrects_a_history_row_and_the_edit_is_logged(superuser):
    row = HistoryEntry.objects.order_by("pk").first()
    url, data = snippet_edit_data(HISTORY_ADMIN, row, superuser)
    data["change"] = "Rettet ordlyd i historikken."

    response = client_for(superuser).post(url, data)

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.change == "Rettet ordlyd i historikken."
    logs = log_registry.get_logs_for_instance(row)
    edit = logs.filter(action="wagtail.edit").get()
    assert edit.user == superuser


@pytest.mark.parametrize("role", ROLES)
def test_non_superusers_cannot_correct_or_delete_history_rows(users, superuser, role):
    row = HistoryEntry.objects.order_by("pk").first()
    url, data = snippet_edit_data(HISTORY_ADMIN, row, superuser)
    data["change"] = "Forsøk på retting."
    client = client_for(users[role])
    rows = _rows()
    logs = log_registry.get_logs_for_instance(row).count()

    assert_refused(client.get(url))
    assert_refused(client.post(url, data))
    assert_refused(client.post(reverse(f"{HISTORY_ADMIN}:delete", args=[row.pk]), {}))

    assert _rows() == rows
    assert log_registry.get_logs_for_instance(row).count() == logs


def _public_table(client, chapter) -> list[tuple[str, str, str, str]]:
    response = client.get(chapter.url)
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content.decode())
    table = soup.find("table", class_="document-history")
    # The seed's rows say they have no kept version (tests/test_versions.py), and rows with
    # an earlier kept version link to their changes (tests/test_version_comparison.py): not
    # their text.
    for note in table.select(".document-history__no-copy, .document-history__changes"):
        note.decompose()
    return [
        tuple(" ".join(td.get_text(" ").split()) for td in tr.find_all("td"))
        for tr in table.find("tbody").find_all("tr")
    ]


def test_public_history_lists_newest_first_with_the_seed_below(
    client, users, superuser, plan, history_chapter, django_capture_on_commit_callbacks
):
    for note in ["Første rettelse.", "Andre rettelse."]:
        _editorial_publish(
            history_chapter,
            users["kommunikasjon"],
            superuser,
            note,
            django_capture_on_commit_callbacks,
        )
    v0 = PlanPage.objects.get(pk=plan.pk).version

    table = _public_table(client, history_chapter)

    assert len(table) == len(pc.HISTORY) + 2
    assert table[0][:2] == (today_text(), v0)
    assert table[0][2:] == ("Redaksjonell endring: Andre rettelse.", "Kommunikasjonsrådgiver")
    assert table[1][2] == "Redaksjonell endring: Første rettelse."
    assert table[1][0] == today_text()
    # The seed's rows, newest first, below the new ones.
    seed = sorted(pc.HISTORY, key=lambda r: r.date, reverse=True)
    assert [(r[0], r[1], r[3]) for r in table[2:]] == [
        (row.date.strftime("%d.%m.%Y"), row.version, row.responsible) for row in seed
    ]
    for shown, row in zip(table[2:], seed, strict=True):
        assert shown[2] == " ".join(row.change.split())
