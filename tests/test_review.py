"""The review of a revision (moderation.review): approvers see what they approve, and no more."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils import WagtailTestUtils

from moderation.history import approval_change
from moderation.models import PlanApprovalTaskState
from moderation.review import review_url
from plan_pages.versioning import next_version
from snippets.models import Measure
from tests.factories import unique_word
from tests.roles import (
    admin_home_url,
    approval_data,
    assert_refused,
    client_for,
    plan_workflow,
    save_history_chapter,
    snippet_edit_data,
    today_text,
    workflow_action_url,
)
from tests.sources import the_chapter_with

NOTE = "Ny formulering av innledningen"
NEW_INTRO = "Innledningen slik SLT vil ha den"


def save_intro(page, user, action=None):
    return save_history_chapter(page, user, intro=NEW_INTRO, note=NOTE, action=action)


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


# --- what approvers reach from the admin's links, and what they read there ------------

MEASURE_ADMIN = "wagtailsnippets_snippets_measure"


def links(html: str, contains: str) -> list[str]:
    soup = WagtailTestUtils.get_soup(html)
    return sorted({a["href"] for a in soup.find_all("a", href=True) if contains in a["href"]})


def submit_measure(measure, user, superuser, how, note="Presisert tiltaket"):
    url, data = snippet_edit_data(MEASURE_ADMIN, measure, superuser)
    for key in [k for k in data if k.startswith("action-")]:
        del data[key]
    data.update({"how": how, "change_note": note, "action-submit": "1"})
    assert client_for(user).post(url, data).status_code == 302
    return Measure.objects.get(pk=measure.pk).latest_revision


def edit_first_sign(chapter, user, replace):
    """A revision of the chapter whose first warning sign has `replace` applied (the block
    and item ids kept, as the edit form keeps them), submitted to Planbehandling."""
    raw = chapter.body.raw_data
    block = next(b for b in raw if b["type"] == "sign_list")
    item = block["value"]["categories"][0]["value"]["signs"][0]
    old = item["value"]
    item["value"] = replace(old)
    chapter.body = raw
    revision = chapter.save_revision(user=user)
    plan_workflow().start(chapter, user)
    return old, item["value"], revision


@pytest.fixture
def sign_chapter(chapters):
    return the_chapter_with(chapters, "sign_list")


def wagtail_compare_urls(obj, revision) -> list[str]:
    """Wagtail's compare links for a revision under review, as its workflow status panel,
    workflow history and moderation panel build them: with the live version, and with the
    revision before."""
    if isinstance(obj, Page):
        name = "wagtailadmin_pages:revisions_compare"
    else:
        name = obj.snippet_viewset.get_url_name("revisions_compare")
    previous = revision.get_previous()
    return [
        reverse(name, args=[obj.pk, "live", revision.pk]),
        reverse(name, args=[obj.pk, previous.pk, revision.pk]),
    ]


def test_approvers_reach_the_comparisons_the_admin_links_to(users, chapter, measure, superuser):
    """Wagtail's compare links for pages and measures open for approvers (they said
    "Beklager, du har ikke tilgang"), and so does every comparison link on their dashboard."""
    page_revision = save_intro(chapter, users["slt"], "submit")
    word = unique_word("skole")
    measure_revision = submit_measure(measure, users["slt"], superuser, f"{measure.how} {word}")
    expected = {page_revision.pk: NEW_INTRO.split()[-1], measure_revision.pk: word}

    dashboard = client_for(users["politirad"]).get(admin_home_url()).content.decode()
    dashboard_links = links(dashboard, "/revisions/compare/") + links(dashboard, "/plan/review/")
    for obj, revision in ((chapter, page_revision), (measure, measure_revision)):
        offered = [
            url
            for url in dashboard_links
            if url == review_url(revision) or f"/{obj.pk}/revisions/compare/" in url
        ]
        assert offered, f"the dashboard offers no comparison of {obj}"
        for approver in ("politirad", "kommunestyret"):
            client = client_for(users[approver])
            for url in offered + wagtail_compare_urls(obj, revision):
                response = client.get(url)
                assert response.status_code == 200, (approver, url)
                html = response.content.decode()
                assert "<ins" in html and expected[revision.pk] in html, (approver, url)


def test_a_draft_is_refused_in_wagtails_compare_views_too(users, chapter):
    revision = save_intro(chapter, users["slt"])
    url = reverse("wagtailadmin_pages:revisions_compare", args=[chapter.pk, "live", revision.pk])
    for role in ("politirad", "kommunestyret", "oversetter"):
        assert_refused(client_for(users[role]).get(url))
    assert client_for(users["kommunikasjon"]).get(url).status_code == 200


def test_an_edited_sign_shows_only_its_changed_words(users, sign_chapter):
    word = unique_word("tegn")
    old, new, revision = edit_first_sign(sign_chapter, users["slt"], lambda s: f"{s} {word}")
    html = client_for(users["politirad"]).get(review_url(revision)).content.decode()
    soup = WagtailTestUtils.get_soup(html)
    inserted = [tag.get_text() for tag in soup.find_all("ins")]
    assert inserted == [f" {word}"] or inserted == [word], inserted
    assert soup.find_all("del") == []
    # The unchanged words of the sign stand as they were, outside any mark.
    [item] = [li for li in soup.find_all("li") if li.find("ins") and not li.find("li")]
    assert item.get_text() == new and old in item.get_text()
    # Under the block's Norwegian label.
    assert "Bekymringstegn" in html


def test_a_measure_under_review_shows_its_fields_word_by_word(users, measure, superuser):
    word = unique_word("skole")
    first, *rest = measure.how.split(" ", 1)
    new_how = " ".join([first, word, *rest])
    revision = submit_measure(measure, users["slt"], superuser, new_how)
    response = client_for(users["kommunestyret"]).get(review_url(revision))
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content.decode())
    label = str(Measure._meta.get_field("how").verbose_name).capitalize()
    [row] = [
        tr
        for tr in soup.find_all("tr")
        if tr.find("td", string=None, class_="title")
        and tr.find(class_="title").get_text(strip=True) == f"{label}:"
    ]
    assert [t.get_text().strip() for t in row.find_all("ins")] == [word]
    assert row.find_all("del") == []
    assert " ".join(row.find(class_="comparison").get_text().split()) == " ".join(new_how.split())


def modal_html(client, url) -> str:
    response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
    return response.json()["html"]


def test_the_approve_modal_shows_what_will_be_recorded(users, plan, chapter):
    revision = save_intro(chapter, users["slt"], "submit")
    state = WorkflowState.objects.get(status="in_progress", object_id=str(chapter.pk))
    # Step 1: the version stays, no "Ny hovedversjon"; the note and the review link show.
    url = workflow_action_url(chapter, "approve", state.current_task_state)
    html = modal_html(client_for(users["politirad"]), url)
    soup = WagtailTestUtils.get_soup(html)
    assert NOTE in html and review_url(revision) in html
    # The change itself, inline: the intro's inserted words marked.
    changes = soup.find(attrs={"data-task-changes": True})
    inserted = " ".join(t.get_text() for t in changes.find_all("ins"))
    assert NEW_INTRO.split()[-1] in inserted
    summary = soup.find(attrs={"data-approval-summary": True}).get_text()
    assert plan.version in summary and next_version(plan.version) not in summary
    assert approval_change("Politiråd", "", NOTE) in summary
    assert soup.find(attrs={"name": "new_major_version"}) is None
    # The date field shows the format its help text names.
    assert soup.find(attrs={"name": "decision_date"})["value"] == today_text()
    assert "dd.mm.åååå" in html

    response = client_for(users["politirad"]).post(url, approval_data())
    assert response.status_code == 302
    state.refresh_from_db()
    # Step 2 (final): the next version, and the major one, and the field.
    url = workflow_action_url(chapter, "approve", state.current_task_state)
    html = modal_html(client_for(users["kommunestyret"]), url)
    soup = WagtailTestUtils.get_soup(html)
    summary = soup.find(attrs={"data-approval-summary": True}).get_text()
    assert next_version(plan.version) in summary
    assert next_version(plan.version, major=True) in summary
    assert approval_change("Kommunestyret", "", NOTE) in summary
    assert soup.find(attrs={"name": "new_major_version"}) is not None


def test_a_wrong_date_is_a_form_error_in_the_modal(users, chapter):
    save_intro(chapter, users["slt"], "submit")
    state = WorkflowState.objects.get(status="in_progress", object_id=str(chapter.pk))
    task_state = state.current_task_state
    url = workflow_action_url(chapter, "approve", task_state)
    client = client_for(users["politirad"])
    for wrong in ("31.02.2026", "2. mai", "12/05/2026"):
        response = client.post(
            url, {"decision_date": wrong}, headers={"x-requested-with": "XMLHttpRequest"}
        )
        assert response.status_code == 200
        assert response.json()["step"] == "action"
        assert "dd.mm.åååå" in response.json()["html"]
        assert "error-message" in response.json()["html"]
        task_state.refresh_from_db()
        assert task_state.status == "in_progress"


def test_after_approving_a_confirmation_and_a_page_the_approver_may_open(users, plan, chapter):
    save_intro(chapter, users["slt"], "submit")
    state = WorkflowState.objects.get(status="in_progress", object_id=str(chapter.pk))
    client = client_for(users["politirad"])
    first = state.current_task_state
    url = workflow_action_url(chapter, "approve", first)
    # "Ny hovedversjon" posted on the first step (where the modal hides it) is ignored.
    data = {**approval_data(case_reference="PS 1/2026"), "new_major_version": "on"}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == admin_home_url()
    messages = [str(m) for m in response.context["messages"]]
    assert any("godkjent i Politiråd" in m for m in messages), messages
    state.refresh_from_db()
    # The decision date typed as the help text names it is the one recorded.
    first = PlanApprovalTaskState.objects.get(pk=first.pk)
    assert (first.decision_date, first.new_major_version) == (timezone.localdate(), False)

    client = client_for(users["kommunestyret"])
    url = workflow_action_url(chapter, "approve", state.current_task_state)
    response = client.post(url, approval_data(), follow=True)
    assert response.redirect_chain[-1][0] == admin_home_url()
    plan.refresh_from_db()
    messages = [str(m) for m in response.context["messages"]]
    assert any(f"versjon {plan.version}" in m for m in messages), messages


def test_rejecting_confirms_and_stays_where_the_approver_may_be(users, chapter):
    save_intro(chapter, users["slt"], "submit")
    state = WorkflowState.objects.get(status="in_progress", object_id=str(chapter.pk))
    url = workflow_action_url(chapter, "reject", state.current_task_state)
    html = modal_html(client_for(users["politirad"]), url)
    assert NOTE in html and "data-approval-summary" not in html
    response = client_for(users["politirad"]).post(url, {"comment": "Mangler kilde"}, follow=True)
    assert response.redirect_chain[-1][0] == admin_home_url()
    assert any("avvist" in str(m) for m in response.context["messages"])
