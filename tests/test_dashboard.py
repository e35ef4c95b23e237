"""The admin dashboard per role: what each role acts on, and nothing it may not see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, PageViewRestriction, WorkflowState
from wagtail.test.utils import WagtailTestUtils
from wagtail_localize.models import Translation, TranslationSource

from languages import dashboard as language_panels
from languages.facts import translation_facts
from moderation import dashboard as moderation_panels
from moderation.models import RevisionNote
from moderation.review import review_url
from plan_pages.models import ChapterPage
from tests.factories import unique_word
from tests.roles import (
    add_test_chapter,
    admin_home_url,
    approval_data,
    client_for,
    page_edit_data,
    plan_workflow,
    save_history_chapter,
    snippet_edit_data,
    workflow_action_url,
)

MEASURE_ADMIN = "wagtailsnippets_snippets_measure"

# The panels' section ids (Wagtail's panel tag: "<id>-section").
AWAITING = "plan-awaiting-my-approval-section"
MINE = "plan-my-drafts-and-submissions-section"
TO_PUBLISH = "plan-translations-awaiting-publish-section"
CHANGED = "plan-changed-in-source-section"
RECENT = "plan-recently-published-section"
PANELS_BY_ROLE = {
    "kommunikasjon": {MINE, TO_PUBLISH, CHANGED, RECENT},
    "slt": {MINE, RECENT},
    "politirad": {AWAITING, RECENT},
    "kommunestyret": {AWAITING, RECENT},
    "oversetter": {CHANGED, RECENT},
}
# Wagtail's stock panels' section ids and its site summary.
STOCK = (
    "awaiting-review-section",
    "objects-in-workflow-section",
    "recent-edits-section",
    "locked-pages-section",
)


def dashboard(user):
    response = client_for(user).get(admin_home_url())
    assert response.status_code == 200
    return WagtailTestUtils.get_soup(response.content.decode())


def panel_text(soup, section_id) -> str:
    section = soup.find(id=section_id)
    assert section is not None, f"no panel {section_id}"
    return " ".join(section.get_text(" ").split())


def shown_panels(soup) -> set:
    return {s["id"] for s in soup.select("section[id^=plan-]")}


def act(user, obj, action, *, snippet=False, **data):
    """Approve or reject the object's current step through the real workflow action view."""
    task_state = type(obj).objects.get(pk=obj.pk).current_workflow_state.current_task_state
    url = workflow_action_url(obj, action, task_state, snippet=snippet)
    response = client_for(user).post(url, data)
    assert response.status_code == 302
    return url


@pytest.fixture
def chapter(history_chapter):
    return history_chapter


@pytest.mark.parametrize("role", list(PANELS_BY_ROLE))
def test_each_role_sees_its_panels_and_none_of_the_stock_ones(users, role):
    soup = dashboard(users[role])
    assert shown_panels(soup) == PANELS_BY_ROLE[role]
    for stock in STOCK:
        assert soup.find(id=stock) is None
    assert soup.select(".w-summary") == []  # "N Pages created in …"
    for section_id in PANELS_BY_ROLE[role]:
        heading = soup.find(id=section_id).find("h2")
        assert heading is not None and heading.get_text(strip=True)


def test_approvers_see_the_submission_with_its_note_comparison_and_actions(users, chapter):
    note = f"Ny ingress {unique_word()}"
    revision = save_history_chapter(
        chapter, users["slt"], intro="Ny ingress", note=note, action="submit"
    )
    task_state = chapter.current_workflow_state.current_task_state

    soup = dashboard(users["politirad"])
    text = panel_text(soup, AWAITING)
    assert chapter.title in text and note in text
    assert task_state.task.name in text
    assert users["slt"].get_full_name() in text
    assert note == RevisionNote.for_round(chapter, revision)
    section = soup.find(id=AWAITING)
    assert section.find("a", href=review_url(revision)) is not None
    action_urls = {
        b["data-workflow-action-url"] for b in section.select("[data-workflow-action-url]")
    }
    assert action_urls == {
        workflow_action_url(chapter, action, task_state) for action in ("approve", "reject")
    }
    assert section.find("caption") is not None

    # Kommunestyret's step has not started: its panel says so.
    assert chapter.title not in panel_text(dashboard(users["kommunestyret"]), AWAITING)
    # The submitter sees where it is.
    mine = panel_text(dashboard(users["slt"]), MINE)
    assert chapter.title in mine
    assert f"til behandling hos {task_state.task.specific.body_name}" in mine


def test_nobody_approves_their_own_submission_from_the_dashboard(users, chapter):
    # The adviser is no approver; a Politiråd member who wrote the round does not see it.
    member = users["politirad"]
    member.groups.add(users["slt"].groups.get())
    save_history_chapter(chapter, member, intro="Egen endring", note="Egen", action="submit")
    assert chapter.title not in panel_text(dashboard(member), AWAITING)


def test_a_rejection_reason_is_on_the_dashboard_and_in_the_editor(users, chapter):
    reason = f"Mangler forankring {unique_word()}"
    save_history_chapter(
        chapter, users["slt"], intro="Avvist ingress", note="Forslag", action="submit"
    )
    act(users["politirad"], chapter, "reject", comment=reason)

    mine = panel_text(dashboard(users["slt"]), MINE)
    assert "avvist" in mine and reason in mine and "Politiråd" in mine
    # Nobody else's dashboard shows it as awaiting approval any more.
    assert chapter.title not in panel_text(dashboard(users["politirad"]), AWAITING)

    edit = client_for(users["slt"]).get(reverse("wagtailadmin_pages:edit", args=[chapter.pk]))
    assert reason in edit.content.decode()
    assert any(reason in str(m) for m in edit.context["messages"])


def test_a_rejected_measure_shows_its_reason_in_the_measure_editor(users, superuser, measure):
    reason = f"Tiltaket er for vagt {unique_word()}"
    url, data = snippet_edit_data(MEASURE_ADMIN, measure, superuser)
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data["how"] = "Nytt forslag"
    data["change_note"] = "Tiltak"
    data["action-submit"] = "action-submit"
    assert client_for(users["slt"]).post(url, data).status_code == 302
    act(users["politirad"], measure, "reject", snippet=True, comment=reason)

    assert reason in client_for(users["slt"]).get(url).content.decode()
    assert reason in panel_text(dashboard(users["slt"]), MINE)


def test_an_approved_round_is_recently_published_for_everybody(users, chapter):
    intro = f"Godkjent ingress {unique_word()}"
    save_history_chapter(chapter, users["slt"], intro=intro, note="Runde", action="submit")
    act(users["politirad"], chapter, "approve", **approval_data())
    act(users["kommunestyret"], chapter, "approve", **approval_data())
    chapter.refresh_from_db()
    assert chapter.intro == intro and chapter.live_revision_id == chapter.latest_revision_id

    assert "godkjent" in panel_text(dashboard(users["slt"]), MINE)
    for role in PANELS_BY_ROLE:
        recent = dashboard(users[role]).find(id=RECENT)
        assert recent.find("a", href=chapter.url) is not None, role


def test_drafts_are_their_authors_until_submitted(users, chapter):
    title = f"Utkasttittel {unique_word()}"
    url, data = page_edit_data(chapter, users["slt"], body=[("document_history", "")])
    data["title"] = title
    assert client_for(users["slt"]).post(url, data).status_code == 302

    assert title in panel_text(dashboard(users["slt"]), MINE)
    for role in ("kommunikasjon", "politirad", "kommunestyret", "oversetter"):
        assert title not in str(dashboard(users[role])), role

    act_data = page_edit_data(chapter, users["slt"], body=[("document_history", "")])[1]
    act_data["action-submit"] = "1"
    assert client_for(users["slt"]).post(url, act_data).status_code == 302
    assert title in panel_text(dashboard(users["politirad"]), AWAITING)
    # Submitted is not published: the live title stays in "Nylig publisert".
    assert title not in panel_text(dashboard(users["oversetter"]), RECENT)


def test_private_pages_are_not_listed_as_recently_published(users, plan):
    title = f"Lukket kapittel {unique_word()}"
    private = add_test_chapter(plan, title=title)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = add_test_chapter(plan)
    for role in PANELS_BY_ROLE:
        soup = dashboard(users[role])
        assert title not in str(soup), role
        assert public.title in panel_text(soup, RECENT), role


# --- translations ---------------------------------------------------------------


def english(page):
    return page.get_translation(Locale.objects.get(language_code="en"))


def test_the_translator_sees_what_changed_in_the_source_and_syncs_it(users, chapter):
    save_history_chapter(
        chapter, users["kommunikasjon"], intro="Ny norsk ingress", note="Rettet", action="publish"
    )
    target = english(chapter)
    assert translation_facts(target).stale

    soup = dashboard(users["oversetter"])
    section = soup.find(id=CHANGED)
    assert target.title in panel_text(soup, CHANGED)
    source = TranslationSource.objects.get_for_instance(chapter)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    # One source, one sync for all its languages (en and ar here).
    [link] = {a["href"] for a in section.find_all("a") if a["href"].startswith(sync)}

    translator = client_for(users["oversetter"])
    assert translator.get(link).status_code == 200
    synced_before = source.last_updated_at
    response = translator.post(link, {})
    assert response.status_code == 302 and response["Location"] == admin_home_url()

    source.refresh_from_db()
    assert source.last_updated_at > synced_before
    assert not translation_facts(english(chapter)).stale
    assert target.title not in panel_text(dashboard(users["oversetter"]), CHANGED)
    # Syncing publishes nothing: the English page is as it was.
    assert english(chapter).live_revision_id == target.live_revision_id


def test_the_adviser_sees_translations_waiting_to_be_published(users, chapter):
    target = english(chapter)
    translation = Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(chapter), target_locale=target.locale
    )
    translation.save_target(user=users["oversetter"], publish=False)
    target.refresh_from_db()
    assert target.has_unpublished_changes

    soup = dashboard(users["kommunikasjon"])
    assert target.title in panel_text(soup, TO_PUBLISH)
    edit = reverse("wagtailadmin_pages:edit", args=[target.pk])
    assert soup.find(id=TO_PUBLISH).find("a", href=edit) is not None
    assert dashboard(users["oversetter"]).find(id=TO_PUBLISH) is None


# --- bounded queries --------------------------------------------------------------


def dashboard_request(rf, user):
    request = rf.get(admin_home_url())
    request.user = user
    return request


def render(panel, request) -> int:
    """Render `panel` for the request's user; the number of queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        panel.render_html({"request": request, "csrf_token": "x"})
    return len(queries)


def assert_bounded(make_panel, request, add_items, n=2):
    """The panel runs as many queries with 2n items as with n."""
    add_items(0, n)
    render(make_panel(), request)  # warm caches (content types, locales)
    with_n = render(make_panel(), request)
    add_items(n, 2 * n)
    assert render(make_panel(), request) == with_n


def other_chapters(chapters, chapter, count):
    return [c for c in chapters.values() if c.pk != chapter.pk][:count]


def test_approval_panel_queries_are_bounded(rf, users, chapters, chapter):
    pages = other_chapters(chapters, chapter, 4)

    def submit(start, stop):
        for page in pages[start:stop]:
            page.save_revision(user=users["slt"])
            plan_workflow().start(page, users["slt"])

    user = users["politirad"]
    assert_bounded(
        lambda: moderation_panels.AwaitingMyApprovalPanel(user), dashboard_request(rf, user), submit
    )
    assert len(moderation_panels.AwaitingMyApprovalPanel(user).rows()) == len(pages)


def test_drafts_panel_queries_are_bounded(rf, users, chapters, chapter):
    pages = other_chapters(chapters, chapter, 8)

    def add(start, stop):
        for i in range(start, stop):
            draft, submitted = pages[2 * i], pages[2 * i + 1]
            draft.save_revision(user=users["slt"])
            submitted.save_revision(user=users["slt"])
            plan_workflow().start(submitted, users["slt"])

    user = users["slt"]
    assert_bounded(
        lambda: moderation_panels.MyDraftsAndSubmissionsPanel(user),
        dashboard_request(rf, user),
        add,
    )
    panel = moderation_panels.MyDraftsAndSubmissionsPanel(user)
    assert (len(panel.drafts()), len(panel.submissions())) == (len(pages) // 2, len(pages) // 2)


def test_recently_published_panel_queries_are_bounded(rf, users, plan):
    def add(start, stop):
        for _ in range(start, stop):
            add_test_chapter(plan)

    user = users["oversetter"]
    assert_bounded(
        lambda: moderation_panels.RecentlyPublishedPanel(user), dashboard_request(rf, user), add
    )


def test_translations_awaiting_publish_panel_queries_are_bounded(rf, users, chapters, chapter):
    targets = [english(c) for c in other_chapters(chapters, chapter, 4)]

    def add(start, stop):
        for target in targets[start:stop]:
            target.save_revision(user=users["oversetter"])

    user = users["kommunikasjon"]
    assert_bounded(
        language_panels.TranslationsAwaitingPublishPanel, dashboard_request(rf, user), add
    )
    assert len(language_panels.TranslationsAwaitingPublishPanel().rows()) >= 4


def test_changed_in_source_panel_queries_are_bounded(rf, users, chapters, chapter):
    pages = other_chapters(chapters, chapter, 4)

    def add(start, stop):
        for page in pages[start:stop]:
            ChapterPage.objects.get(pk=page.pk).save_revision(user=users["kommunikasjon"]).publish(
                user=users["kommunikasjon"]
            )

    user = users["oversetter"]
    assert_bounded(language_panels.ChangedInSourcePanel, dashboard_request(rf, user), add)
    stale = [r for r in language_panels.ChangedInSourcePanel().rows()]
    assert {english(p).title for p in pages} <= {r["title"] for r in stale}


def test_no_stale_workflow_state_leaks_into_submissions(users, chapter):
    """A cancelled round is not the submitter's to act on."""
    save_history_chapter(chapter, users["slt"], intro="Trukket", note="Trukket", action="submit")
    chapter.current_workflow_state.cancel(user=users["slt"])
    assert not WorkflowState.objects.active().filter(object_id=str(chapter.pk)).exists()
    assert "til behandling" not in panel_text(dashboard(users["slt"]), MINE)
