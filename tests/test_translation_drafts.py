"""Nothing a translator does changes a public page; only a publisher's publish does.

wagtail-localize writes every translation through
`TranslationSource.create_or_update_translation`; languages.translation_drafts
makes what it writes without publishing a draft (a new revision) and leaves
live rows alone. These tests drive wagtail-localize's own views and operations
and read what readers get: the public HTML and the API.
"""

import hashlib
import inspect
import json

import pytest
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import translate_object, translate_page_subtree

from languages import translation_drafts
from snippets.models import Contact
from tests.factories import block
from tests.roles import add_test_chapter, client_for
from tests.translations import (
    anonymous_get,
    first_paragraph,
    gettext_in,
    page_text,
    publish_on_commit,
    soup_of,
    squash,
    translated_page,
    translation_of,
)

API = "/api/v2"


# --- helpers ---------------------------------------------------------------------


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def plain(html: str) -> str:
    return squash(strip_tags(html))


def edit_string(client, tr: Translation, old_text: str, new_text: str):
    """Change one string of a translation in the translation editor (its PUT view), not publishing.

    The string is the one whose current translation reads `old_text`.
    """
    row = next(
        r
        for r in StringTranslation.objects.filter(
            locale=tr.target_locale, context__object_id=tr.source.object_id
        )
        if plain(r.data) == old_text
    )
    segment = StringSegment.objects.get(
        source=tr.source, context=row.context, string=row.translation_of
    )
    url = reverse("wagtail_localize:edit_string_translation", args=[tr.pk, segment.pk])
    response = client.put(
        url, f"value={new_text}", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200, response.content[:500]
    row.refresh_from_db()
    assert row.data == new_text
    return response


def main_heading(response) -> str:
    return squash(soup_of(response).find("main").find("h1").get_text())


def api_json(client, url, **params) -> dict:
    client.logout()
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:500])
    return response.json()


def api_paragraphs(client, page) -> list[str]:
    """The plain text of the paragraph blocks of a page as /api/v2/pages/<id>/ serves it."""
    data = api_json(client, f"{API}/pages/{page.pk}/")
    return [plain(b["value"]) for b in data["body"] if b["type"] == "paragraph"]


def html_paragraphs(client, page) -> str:
    return page_text(anonymous_get(client, page.url))


def revision_paragraphs(page) -> list[str]:
    """The paragraphs of a page's latest revision: the draft the admin and preview show."""
    draft = page.get_latest_revision_as_object()
    return [plain(b.value.source) for b in draft.body if b.block_type == "paragraph"]


def translate_with_subtree(page, locales, user):
    """What wagtail-localize's "Translate" with "Include subtree" runs (SubmitTranslationView.form_valid)."""
    translate_object(page, locales, user=user)
    translate_page_subtree(page.id, locales, None, user)


def submit_translation(user, page, code: str, include_subtree: bool):
    """POST wagtail-localize's "Translate" form for a page, as `user`."""
    data = {"locales": [locale(code).pk]}
    if include_subtree:
        data["include_subtree"] = "on"
    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    response = client_for(user).post(url, data)
    assert response.status_code == 302, response.content[:2000]
    return response


def publish_translation(user, instance, edit_url_name: str):
    """The translation editor's "Publish" for a translated page or snippet, as `user`."""
    response = client_for(user).post(
        reverse(edit_url_name, args=[instance.pk]), {"action": "publish"}
    )
    assert response.status_code == 302, response.content[:500]
    return response


@pytest.fixture
def actors(users):
    return {"translator": users["oversetter"], "adviser": users["kommunikasjon"]}


# --- (a) and (d): a translator's unpublished string on a live page -----------------------


@pytest.mark.parametrize("who", ["translator", "adviser"])
def test_a_translators_draft_stays_off_the_live_page_when_the_plan_is_translated_again(
    client, plan, foreword, actors, who, django_capture_on_commit_callbacks
):
    """ "Translate" with "Include subtree" once wrote the translator's unpublished string
    into the live English chapter. The form offers only languages the plan is not yet
    translated into, so the English plan is translated again with the operations the
    form runs."""
    en_foreword = translated_page(foreword, "en")
    published = first_paragraph(en_foreword)
    draft = "A sentence the translator wrote and nobody has published."
    live_revision = en_foreword.live_revision_id
    edit_string(client_for(actors["translator"]), translation_of(foreword, "en"), published, draft)

    publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: translate_with_subtree(plan, [locale("en")], actors[who]),
    )

    en_foreword.refresh_from_db()
    assert en_foreword.live and en_foreword.live_revision_id == live_revision
    assert en_foreword.has_unpublished_changes
    html = html_paragraphs(client, en_foreword)
    assert published in html and draft not in html
    api = api_paragraphs(client, en_foreword)
    assert published in api and draft not in api
    assert draft in revision_paragraphs(en_foreword), "the draft waits in the latest revision"

    # (d) The adviser's publish puts it live.
    publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: publish_translation(actors["adviser"], en_foreword, "wagtailadmin_pages:edit"),
    )
    assert draft in html_paragraphs(client, en_foreword)
    assert draft in api_paragraphs(client, en_foreword)


# --- (b) no Norwegian text under /pl/ ----------------------------------------------------


@pytest.mark.parametrize("who", ["translator", "adviser"])
def test_translating_the_plan_into_polish_puts_no_norwegian_text_under_pl(
    client, plan, foreword, actors, who, django_capture_on_commit_callbacks
):
    """A chapter translated first leaves the plan as a live alias of the Norwegian plan
    (wagtail-localize copies missing parents as aliases). "Translate" of the plan then
    converts the alias into a regular Polish page: it must not stay live with its
    Norwegian text."""
    polish = locale("pl")
    publish_on_commit(
        django_capture_on_commit_callbacks, lambda: translate_object(foreword, [polish])
    )
    assert plan.get_translation(polish).alias_of_id == plan.pk

    publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: submit_translation(actors[who], plan, "pl", include_subtree=True),
    )

    pl_plan = plan.get_translation(polish)
    assert pl_plan.alias_of_id is None, "the alias became the Polish translation"
    assert not pl_plan.live and pl_plan.has_unpublished_changes
    plan_url = f"/pl/{plan.slug}/"
    response = anonymous_get(client, plan_url)
    assert response.status_code == 200
    assert soup_of(response).find("html").get("lang") == "pl"
    heading = main_heading(response)
    assert heading == gettext_in("pl", "Ikke oversatt ennå")
    assert plan.goal not in page_text(response)
    response = client.get(f"{API}/pages/find/", {"html_path": plan_url})
    assert response.status_code == 404
    listed = api_json(client, f"{API}/pages/", locale="pl", type="plan_pages.PlanPage")
    assert listed["meta"]["total_count"] == 0

    # (d) The adviser publishes the Polish plan: now it is the page under /pl/.
    publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: publish_translation(actors["adviser"], pl_plan, "wagtailadmin_pages:edit"),
    )
    pl_plan.refresh_from_db()
    assert pl_plan.live
    response = anonymous_get(client, pl_plan.url)
    assert main_heading(response) != heading


def test_translating_the_home_page_leaves_the_live_polish_chapters_below_it_live(
    client, plan, foreword, actors, django_capture_on_commit_callbacks
):
    """The Polish home, an alias until translated, goes offline as a draft translation:
    the published Polish chapter below it is still served at its address."""
    polish = locale("pl")
    publish_on_commit(
        django_capture_on_commit_callbacks, lambda: translate_object(foreword, [polish])
    )
    pl_foreword = foreword.get_translation(polish)
    publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: publish_translation(actors["adviser"], pl_foreword, "wagtailadmin_pages:edit"),
    )
    url = pl_foreword.url
    heading = main_heading(anonymous_get(client, url))
    assert heading != gettext_in("pl", "Ikke oversatt ennå")
    home = plan.get_parent()

    publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: submit_translation(actors["translator"], home, "pl", include_subtree=False),
    )

    pl_home = home.get_translation(polish)
    assert pl_home.alias_of_id is None and not pl_home.live
    response = anonymous_get(client, url)
    assert response.status_code == 200
    assert soup_of(response).find("html").get("lang") == "pl"
    assert main_heading(response) == heading
    assert first_paragraph(pl_foreword.specific) in page_text(response)
    assert main_heading(anonymous_get(client, "/pl/")) == gettext_in("pl", "Ikke oversatt ennå")


def test_the_api_serves_no_norwegian_page_as_polish_after_a_chapter_is_translated(
    client, plan, foreword, actors, django_capture_on_commit_callbacks
):
    """The translator's first Polish chapter makes wagtail-localize create the Polish home
    and plan as live aliases of the Norwegian pages: live pages with Norwegian text."""
    polish = locale("pl")
    publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: submit_translation(actors["translator"], foreword, "pl", include_subtree=False),
    )

    aliases = [page.get_translation(polish) for page in (plan.get_parent(), plan)]
    assert all(alias.live and alias.alias_of_id for alias in aliases)
    assert api_json(client, f"{API}/pages/", locale="pl")["meta"]["total_count"] == 0
    for alias in aliases:
        assert client.get(f"{API}/pages/{alias.pk}/").status_code == 404


# --- (c) and (d): translating a page keeps the snippets it chooses live -------------------


@pytest.fixture
def en_contacts(db):
    return Contact.objects.filter(locale__language_code="en", live=True)


def contacts_chapter(plan) -> object:
    """A new live chapter whose contacts block chooses every Norwegian contact translated into English."""
    english = locale("en")
    chosen = [
        c
        for c in Contact.objects.filter(locale__language_code="nb", live=True).order_by("pk")
        if c.has_translation(english)
    ]
    body = [block("contacts", {"title": "Kontakter", "contacts": [c.pk for c in chosen]})]
    return add_test_chapter(plan, body=body), chosen


def contact_api_count(client, code: str) -> int:
    return api_json(client, f"{API}/contacts/", locale=code, limit=100)["meta"]["total_count"]


@pytest.mark.parametrize("how", ["translate-form", "translate-operation"])
def test_translating_a_new_chapter_keeps_the_contacts_it_chooses_live(
    client, plan, actors, en_contacts, how, django_capture_on_commit_callbacks
):
    live_before = en_contacts.count()
    assert live_before > 0
    assert contact_api_count(client, "en") == live_before
    shown_before = shown_contacts(client, plan)
    assert shown_before
    chapter, chosen = contacts_chapter(plan)
    english = locale("en")
    # The translator drafts a new name for one English contact, not publishing.
    en_contact = chosen[0].get_translation(english)
    tr = Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(chosen[0]), target_locale=english
    )
    published = en_contact.name
    draft = "A name the translator wrote and nobody has published"
    edit_string(client_for(actors["translator"]), tr, published, draft)

    if how == "translate-form":
        publish_on_commit(
            django_capture_on_commit_callbacks,
            lambda: submit_translation(actors["translator"], chapter, "en", include_subtree=False),
        )
    else:
        publish_on_commit(
            django_capture_on_commit_callbacks,
            lambda: translate_object(chapter, [english], user=actors["translator"]),
        )

    assert not chapter.get_translation(english).live, "the new English chapter is a draft"
    assert en_contacts.count() == live_before
    assert contact_api_count(client, "en") == live_before
    en_contact.refresh_from_db()
    assert en_contact.live and en_contact.has_unpublished_changes
    assert api_json(client, f"{API}/contacts/{en_contact.pk}/")["name"] == published
    assert en_contact.get_latest_revision_as_object().name == draft
    assert shown_contacts(client, plan) == shown_before, "the English contacts page lists them all"

    # (d) The adviser publishes the contact's translation.
    publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: publish_translation(
            actors["adviser"], en_contact, "wagtailsnippets_snippets_contact:edit"
        ),
    )
    assert api_json(client, f"{API}/contacts/{en_contact.pk}/")["name"] == draft
    assert contact_api_count(client, "en") == live_before


def shown_contacts(client, plan) -> list[str]:
    """The names of the live English contacts that the public English chapters show."""
    en_plan = translated_page(plan, "en")
    pages = [
        c.specific
        for c in en_plan.get_children().live()
        if any(b.block_type == "contacts" for b in c.specific.body)
    ]
    text = " ".join(page_text(anonymous_get(client, p.url)) for p in pages)
    names = Contact.objects.filter(locale__language_code="en").order_by("pk")
    return [name for name in names.values_list("name", flat=True) if name in text]


# --- the override is for the wagtail-localize it was written against ----------------------

# Read from wagtail-localize 1.14.5. A new version that changes these functions must be
# read again (languages.translation_drafts explains what the override relies on): then
# update the hashes.
REVIEWED_SOURCES = {
    "TranslationSource.create_or_update_translation": (
        "4c68c20a8ba2648b4135a0837802e66f1537a748321fc1af66eef86e159b3a01"
    ),
    "Translation.save_target": "d63133399d2c3e40a4e078bc72c8ad9ca8bd8d558ed3765f3931bc117e6f7b88",
}


def test_the_draft_override_is_installed_over_the_reviewed_wagtail_localize_code():
    assert TranslationSource.create_or_update_translation is (
        translation_drafts.create_or_update_translation
    )
    original = translation_drafts.LOCALIZE_CREATE_OR_UPDATE_TRANSLATION
    assert inspect.signature(original) == inspect.signature(
        translation_drafts.create_or_update_translation
    )
    sources = {
        "TranslationSource.create_or_update_translation": inspect.getsource(original),
        "Translation.save_target": inspect.getsource(Translation.save_target),
    }
    hashes = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in sources.items()}
    assert hashes == REVIEWED_SOURCES, json.dumps(hashes, indent=2)
