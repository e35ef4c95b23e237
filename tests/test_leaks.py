"""Drafts, unpublished and private content never reach the public site."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from plan_pages.models import ChapterPage
from snippets.models import Contact, ContactPhoneNumber, Measure
from tests.factories import (
    ContactFactory,
    GoalAreaFactory,
    MeasureFactory,
    add_chapter,
    block,
    unique_word,
)
from tests.roles import make_user
from tests.sources import the_chapter_with

pytestmark = pytest.mark.django_db


def get_html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def public_html(client, plan, *extra_urls):
    """Everything an anonymous reader sees that lists pages: home, plan TOC, sitemap, chapters."""
    home = plan.get_parent()
    pages = [
        get_html(client, home.url),
        get_html(client, plan.url),
        get_html(client, "/sitemap.xml"),
    ]
    for chapter in ChapterPage.objects.child_of(plan).live().public():
        pages.append(get_html(client, chapter.url))
    pages += [get_html(client, url) for url in extra_urls]
    return "\n".join(pages)


def search_results(client, word):
    response = client.get("/nb/sok/", {"q": word})
    assert response.status_code == 200
    return list(response.context["search_results"])


def first_paragraph_text(chapter):
    """A short, plain piece of the live body text of a chapter."""
    for child in chapter.body:
        if child.block_type == "section":
            return child.value["title"]
    raise AssertionError(f"chapter {chapter.number} has no section")


# --- (a) a draft revision of a live chapter -----------------------------------------


def test_draft_revision_of_live_chapter_stays_private(client, plan, chapters):
    chapter = ChapterPage.objects.get(pk=chapters[2].pk)
    live_text = first_paragraph_text(chapter)
    word = unique_word("utkast")
    draft_title = f"Utkasttittel {word}"

    chapter.body.append(("paragraph", f"<p>Hemmelig utkast {word}</p>"))
    chapter.intro = f"Ny ingress {word}"
    chapter.title = draft_title
    chapter.save_revision()

    fresh = ChapterPage.objects.get(pk=chapter.pk)
    assert fresh.has_unpublished_changes
    assert fresh.draft_title == draft_title  # what Wagtail's admin shows; never the public

    html = get_html(client, fresh.url)
    assert word not in html
    assert live_text in html
    assert fresh.title in html

    everywhere = public_html(client, plan)
    assert word not in everywhere
    assert search_results(client, word) == []


def test_published_revision_does_show(client, chapters):
    chapter = ChapterPage.objects.get(pk=chapters[2].pk)
    word = unique_word("publisert")
    chapter.body.append(("paragraph", f"<p>Ny tekst {word}</p>"))
    chapter.save_revision().publish()
    assert word in get_html(client, chapter.url)
    assert [p.pk for p in search_results(client, word)] == [chapter.pk]


# --- (b) a chapter that was never published, or was unpublished --------------------


@pytest.mark.parametrize("how", ["never_published", "unpublished"])
def test_unpublished_chapter_is_invisible(client, plan, how):
    word = unique_word("upublisert")
    chapter = add_chapter(
        plan,
        title=f"Upublisert kapittel {word}",
        intro=f"Ingress {word}",
        body=[block("paragraph", f"<p>Tekst {word}</p>")],
        live=(how == "unpublished"),
    )
    if how == "unpublished":
        assert word in get_html(client, chapter.url)
        ChapterPage.objects.get(pk=chapter.pk).unpublish()

    assert word not in public_html(client, plan)
    assert chapter.slug not in get_html(client, "/sitemap.xml")
    assert search_results(client, word) == []
    get_html(client, chapter.url, status=404)


# --- (c) a private chapter -------------------------------------------------------------


@pytest.fixture(params=["password", "login", "groups"])
def private_chapter(request, chapters):
    """Chapter 5 of the seed made private; its title made unique so any leak is found."""
    word = unique_word("privat")
    chapter = ChapterPage.objects.get(pk=chapters[5].pk)
    chapter.title = f"Privat kapittel {word}"
    chapter.intro = f"Privat ingress {word}"
    chapter.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=chapter,
        restriction_type=request.param,
        password="hemmelig" if request.param == "password" else "",
    )
    if request.param == "groups":
        restriction.groups.set([Group.objects.get_or_create(name="Interne lesere")[0]])
    return chapter, word


def test_private_chapter_is_hidden_from_anonymous_readers(client, plan, chapters, private_chapter):
    chapter, word = private_chapter
    everywhere = public_html(client, plan)
    assert word not in everywhere
    assert chapter.url not in everywhere
    assert search_results(client, word) == []
    assert chapter.slug not in get_html(client, "/sitemap.xml")

    response = client.get(chapter.url)
    assert response.status_code in (200, 302)  # password form, or a redirect to log in
    assert f"Privat ingress {word}" not in response.content.decode()


def test_private_chapter_opens_for_allowed_readers(client, chapters, private_chapter):
    """The password form, and the chapter itself for those let in, render without errors."""
    chapter, word = private_chapter
    restriction = PageViewRestriction.objects.get(page=chapter)
    if restriction.restriction_type == "password":
        form = client.get(chapter.url)
        assert form.status_code == 200
        url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, chapter.pk])
        response = client.post(url, {"password": "hemmelig", "return_url": chapter.url})
        assert response.status_code == 302
    else:
        user = make_user("leser")
        user.groups.set(restriction.groups.all())
        client.force_login(user)
    html = get_html(client, chapter.url)
    assert f"Privat ingress {word}" in html
    assert chapters[4].url in html
    assert chapters[6].url in html


def test_neighbours_of_private_chapter_link_past_it(client, chapters, private_chapter):
    chapter, word = private_chapter
    before = get_html(client, chapters[4].url)
    after = get_html(client, chapters[6].url)
    for html in (before, after):
        assert word not in html
        assert chapter.url not in html
    assert chapters[6].url in before  # "next" skips the private chapter
    assert chapters[4].url in after  # "previous" too


def test_neighbour_context_skips_private_chapter(rf, chapters, private_chapter):
    request = rf.get(chapters[4].url)
    context = chapters[4].get_context(request)
    assert context["next_chapter"].pk == chapters[6].pk
    context = chapters[6].get_context(request)
    assert context["previous_chapter"].pk == chapters[4].pk


# --- (d) snippets --------------------------------------------------------------------


def test_draft_contact_change_stays_private(client, chapters):
    chapter = the_chapter_with(chapters, "contacts")
    contacts_block = next(c for c in chapter.body if c.block_type == "contacts")
    contact = Contact.objects.get(pk=next(c for c in contacts_block.value["contacts"] if c).pk)
    live_name = contact.name
    assert live_name in get_html(client, chapter.url)

    word = unique_word("kontaktutkast")
    contact.name = f"Utkastnavn {word}"
    contact.description = f"Utkastbeskrivelse {word}"
    contact.phone_numbers.add(ContactPhoneNumber(number="478 92 261", label=f"Nytt {word}"))
    contact.save_revision()

    contact = Contact.objects.get(pk=contact.pk)
    assert contact.has_unpublished_changes
    assert contact.name == live_name

    html = get_html(client, chapter.url)
    assert word not in html
    assert live_name in html


def test_draft_measure_change_and_new_draft_measure_stay_private(client, chapters):
    chapter = the_chapter_with(chapters, "measures")
    measures_block = next(c for c in chapter.body if c.block_type == "measures")
    goal_area = measures_block.value["goal_area"]
    measure = Measure.objects.live().filter(goal_area=goal_area).first()
    assert measure is not None, "the seed's goal area has no live measure"
    live_how = measure.how
    assert live_how.split("\n")[0] in get_html(client, chapter.url)

    word = unique_word("tiltaksutkast")
    measure.how = f"Utkast til tiltak {word}"
    measure.save_revision()
    MeasureFactory(goal_area=goal_area, how=f"Nytt utkast {word}", live=False)

    html = get_html(client, chapter.url)
    assert word not in html
    assert live_how.split("\n")[0] in html


def test_unpublished_contact_in_contacts_block_does_not_render(client, plan):
    word = unique_word("kontakt")
    shown = ContactFactory(name=f"Synlig {word}")
    draft = ContactFactory(name=f"Utkast {word}x", live=False)
    withdrawn = ContactFactory(name=f"Trukket {word}y")
    withdrawn.unpublish()
    chapter = add_chapter(
        plan,
        body=[
            block(
                "contacts",
                {"title": "Kontakter", "contacts": [shown.pk, draft.pk, withdrawn.pk]},
            )
        ],
    )
    html = get_html(client, chapter.url)
    assert f"Synlig {word}" in html
    assert f"{word}x" not in html
    assert f"{word}y" not in html


def test_unpublished_goal_area_shows_no_measures(client, plan):
    word = unique_word("omrade")
    goal_area = GoalAreaFactory(title=f"Område {word}")
    MeasureFactory(goal_area=goal_area, how=f"Tiltak {word}")
    chapter = add_chapter(plan, body=[block("measures", {"goal_area": goal_area.pk})])
    assert word in get_html(client, chapter.url)
    goal_area.unpublish()
    assert word not in get_html(client, chapter.url)


def test_unpublishing_a_seed_contact_removes_it(client, chapters):
    chapter = the_chapter_with(chapters, "contacts")
    contacts_block = next(c for c in chapter.body if c.block_type == "contacts")
    contact = Contact.objects.get(pk=next(c for c in contacts_block.value["contacts"] if c).pk)
    word = unique_word("fjernet")
    contact.name = f"Fjernet {word}"
    contact.save_revision().publish()
    assert word in get_html(client, chapter.url)
    Contact.objects.get(pk=contact.pk).unpublish()
    assert word not in get_html(client, chapter.url)
