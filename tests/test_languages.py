"""The plan in several languages: addresses, switcher, PO files, sync, rules and notices.

The suite's session fixture loads the Norwegian plan and publishes the
English and Arabic translations that ship with it; the other languages have
no translation, so their addresses serve a short notice instead.
"""

import shutil
import subprocess
from unittest import mock

import polib
import pytest
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Locale, PageViewRestriction
from wagtail.rich_text import RichText
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.operations import translate_object

from plan_loading.plan_content import PLAN
from plan_loading.shipped import po_path
from plan_pages.models import PlanPage
from tests.roles import add_test_chapter, assert_refused, client_for
from tests.sources import shipped_languages
from tests.translations import (
    anonymous_get,
    first_paragraph,
    gettext_in,
    main_text,
    page_text,
    publish_on_commit,
    soup_of,
    squash,
    translated_page,
    translation_of,
)

LANGUAGE_CODES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
TRANSLATED = shipped_languages()
NOT_TRANSLATED = [
    code for code in LANGUAGE_CODES if code not in (settings.LANGUAGE_CODE, *TRANSLATED)
]


# --- helpers ---------------------------------------------------------------------


def paragraph_texts(page) -> list[str]:
    return [squash(strip_tags(b.value.source)) for b in page.body if b.block_type == "paragraph"]


def string_rows(locale_code: str | None = None) -> list[tuple]:
    rows = StringTranslation.objects.all()
    if locale_code:
        rows = rows.filter(locale__language_code=locale_code)
    return list(
        rows.order_by("pk").values_list(
            "pk", "data", "translation_type", "tool_name", "updated_at", "has_error"
        )
    )


def html_attributes(response) -> tuple[str, str]:
    html = soup_of(response).find("html")
    return html.get("lang"), html.get("dir")


def alternates(response) -> dict[str, str]:
    return {
        link["hreflang"]: link["href"]
        for link in soup_of(response).find_all("link", rel="alternate")
        if link.get("hreflang")
    }


def switcher(response) -> list[tuple[str, str, str | None]]:
    """(language code, name, href or None for the current language) of the switcher."""
    nav = soup_of(response).find("nav", class_="language-switcher")
    if nav is None:
        return []
    return [
        (item["lang"], squash(item.get_text()), item.get("href"))
        for item in nav.find_all(["a", "span"])
        if item.get("lang")
    ]


def error_messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == message_levels.ERROR]


def success_messages(response) -> list[str]:
    return [
        str(m) for m in get_messages(response.wsgi_request) if m.level == message_levels.SUCCESS
    ]


# --- fixtures --------------------------------------------------------------------


@pytest.fixture
def en_foreword(foreword):
    return translated_page(foreword, "en")


@pytest.fixture
def ar_foreword(foreword):
    return translated_page(foreword, "ar")


@pytest.fixture
def adviser(users):
    return users["kommunikasjon"]


@pytest.fixture
def translator(users):
    return users["oversetter"]


# --- 1. addresses per language -----------------------------------------------------


def test_every_content_language_has_a_locale(db):
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == sorted(LANGUAGE_CODES)


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_home_and_chapter_answer_with_the_language_and_direction(client, foreword, code):
    chapter_url = (
        translated_page(foreword, code).url
        if code in TRANSLATED
        else f"/{code}/handlingsplan/{foreword.slug}/"
    )
    expected = (code, "rtl" if code == "ar" else "ltr")
    for url in (f"/{code}/", chapter_url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_attributes(response) == expected, url


@pytest.mark.parametrize("code", NOT_TRANSLATED)
def test_an_untranslated_language_gets_a_notice_in_that_language(client, foreword, code):
    norwegian = first_paragraph(foreword)
    for url in (f"/{code}/handlingsplan/{foreword.slug}/", f"/{code}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        soup = soup_of(response)
        heading = squash(soup.find("main").find("h1").get_text())
        assert heading == gettext_in(code, "Ikke oversatt ennå"), url
        assert gettext_in(code, "Ikke oversatt ennå") != "Ikke oversatt ennå", code
        assert gettext_in(code, "Les den norske versjonen") in main_text(response), url
        assert soup.find("meta", attrs={"name": "robots", "content": "noindex"}), url
        assert norwegian not in page_text(response), url

    response = client.get(f"/{code}/handlingsplan/{foreword.slug}/")
    link = soup_of(response).find("main").find("a", href=foreword.url)
    assert link is not None, "the notice links to the Norwegian chapter"
    assert link["hreflang"] == "nb"


@pytest.mark.parametrize("code", TRANSLATED)
def test_a_translated_chapter_shows_its_translation_not_the_norwegian(client, foreword, code):
    target = translated_page(foreword, code)
    assert target.live and target.url.startswith(f"/{code}/")
    response = client.get(target.url)
    assert response.status_code == 200
    text = page_text(response)
    assert first_paragraph(target) != first_paragraph(foreword)
    assert first_paragraph(target) in text
    assert first_paragraph(foreword) not in text
    assert target.title in text
    assert not soup_of(response).find("meta", attrs={"name": "robots", "content": "noindex"})


# --- 2. language switcher and hreflang ----------------------------------------------


def test_the_english_chapter_lists_its_languages_by_their_own_names(client, foreword, en_foreword):
    ar_foreword = translated_page(foreword, "ar")
    response = client.get(en_foreword.url)
    assert switcher(response) == [
        ("nb", "Norsk bokmål", foreword.url),
        ("en", "English", None),
        ("ar", "العربية", ar_foreword.url),
    ]
    links = alternates(response)
    assert links == {
        "nb": f"http://testserver{foreword.url}",
        "en": f"http://testserver{en_foreword.url}",
        "ar": f"http://testserver{ar_foreword.url}",
        "x-default": f"http://testserver{foreword.url}",
    }


def test_an_unpublished_translation_leaves_the_switcher_and_hreflang(
    client, foreword, en_foreword, ar_foreword
):
    arabic_text = first_paragraph(ar_foreword)
    ar_foreword.unpublish()

    for page in (foreword, en_foreword):
        response = client.get(page.url)
        assert response.status_code == 200
        assert [code for code, _name, _href in switcher(response)] == ["nb", "en"], page.url
        assert set(alternates(response)) == {"nb", "en", "x-default"}, page.url
        assert ar_foreword.url not in response.content.decode()

    response = client.get(ar_foreword.url)
    assert response.status_code == 404
    assert arabic_text not in page_text(response)


# --- 3. PO files through wagtail-localize ----------------------------------------------


def upload_po(client, tr: Translation, content: bytes, next_url: str):
    url = reverse("wagtail_localize:upload_pofile", args=[tr.pk])
    upload = SimpleUploadedFile(
        "translation.po", content, content_type="text/x-gettext-translation"
    )
    return client.post(url, {"file": upload, "next": next_url})


def test_po_round_trip_through_the_admin_goes_live(
    client, foreword, en_foreword, adviser, django_capture_on_commit_callbacks
):
    tr = translation_of(foreword, "en")
    browser = client_for(adviser)
    edit_url = reverse("wagtailadmin_pages:edit", args=[en_foreword.pk])

    download = browser.get(reverse("wagtail_localize:download_pofile", args=[tr.pk]))
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(tr.uuid)

    old_english = first_paragraph(en_foreword)
    entry = next(e for e in po if squash(strip_tags(e.msgstr)) == old_english)
    new_english = "With this plan we want to strengthen prevention in all our neighbourhoods."
    entry.msgstr = new_english

    response = upload_po(browser, tr, str(po).encode(), edit_url)
    assert response.status_code == 302 and response["Location"] == edit_url
    assert not error_messages(response)
    assert success_messages(response)
    changed = StringTranslation.objects.get(
        locale__language_code="en", context__object_id=tr.source.object_id, data=new_english
    )
    assert changed.translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL
    assert changed.last_translated_by == adviser
    # Imported, not yet published.
    assert new_english not in page_text(anonymous_get(client, en_foreword.url))

    response = publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: browser.post(edit_url, {"action": "publish"}),
    )
    assert response.status_code == 302
    html = page_text(anonymous_get(client, en_foreword.url))
    assert new_english in html
    assert old_english not in html


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"this is not a PO file at all\n", id="syntax-error"),
        pytest.param(b"\x00\xff\xfe binary", id="not-utf8"),
        pytest.param(None, id="shipped-po-without-translation-id"),
    ],
)
def test_a_malformed_po_file_is_refused_and_changes_nothing(
    foreword, en_foreword, adviser, content
):
    tr = translation_of(foreword, "en")
    if content is None:
        # A PO file shipped with the plan (plan_loading/po/en/…): a valid PO file
        # without wagtail-localize's X-WagtailLocalize-TranslationID header.
        content = po_path("en", foreword).read_bytes()
        entries = polib.pofile(content.decode())
        assert "X-WagtailLocalize-TranslationID" not in entries.metadata
        content = content.replace(b'msgstr "Foreword"', b'msgstr "Preface (changed)"')
    before = string_rows()
    edit_url = reverse("wagtailadmin_pages:edit", args=[en_foreword.pk])

    response = upload_po(client_for(adviser), tr, content, edit_url)

    assert response.status_code == 302
    assert error_messages(response), "the uploader is told the file was refused"
    assert not success_messages(response)
    assert string_rows() == before


def test_a_po_file_of_another_page_is_refused_and_changes_nothing(foreword, chapters, adviser):
    tr = translation_of(foreword, "en")
    other = translation_of(chapters[2], "en").export_po()
    for entry in other:
        entry.msgstr = "Overwritten by the wrong file"
    before = string_rows()
    edit_url = reverse("wagtailadmin_pages:edit", args=[tr.get_target_instance().pk])

    response = upload_po(client_for(adviser), tr, str(other).encode(), edit_url)

    assert response.status_code == 302
    [message] = error_messages(response)
    expected = {
        gettext_in(code, "Cannot import PO file that was created for a different translation.")
        for code in ("nb", "en")
    }
    assert message.strip() in expected
    assert string_rows() == before


def test_msgfmt_accepts_every_exported_po_file(db, tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (gettext) is not installed"
    translations = Translation.objects.filter(
        target_locale__language_code__in=TRANSLATED
    ).select_related("source", "target_locale")
    assert translations.count() > 0
    failures = []
    for tr in translations:
        path = tmp_path / f"{tr.target_locale.language_code}-{tr.pk}.po"
        path.write_text(str(tr.export_po()), encoding="utf-8")
        result = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            failures.append(f"{tr.source.object_repr} ({tr.target_locale}): {result.stderr}")
    assert not failures, "\n".join(failures)


# --- 4. sync after a source edit ---------------------------------------------------------


def edit_first_paragraph(page, html: str) -> str:
    """Replace the first paragraph of a chapter, keeping its block id; return the old text."""
    raw = list(page.body.raw_data)
    index = next(i for i, block in enumerate(raw) if block["type"] == "paragraph")
    old = squash(strip_tags(raw[index]["value"]))
    raw[index] = {**raw[index], "value": html}
    page.body = raw
    return old


def test_a_source_edit_leaves_other_translations_and_flags_the_changed_one(
    client, foreword, en_foreword, django_capture_on_commit_callbacks
):
    tr = translation_of(foreword, "en")
    rows = StringTranslation.objects.filter(
        locale__language_code="en", context__object_id=tr.source.object_id
    )
    count_before = rows.count()
    total_before, translated_before = tr.get_progress()
    assert total_before == translated_before, "the shipped English chapter is fully translated"
    english_before = paragraph_texts(en_foreword)

    edit_first_paragraph(foreword, "<p>Denne setningen er ny i den norske planen.</p>")
    foreword.save_revision().publish()

    tr.source.update_from_db()
    publish_on_commit(django_capture_on_commit_callbacks, lambda: tr.save_target(publish=True))

    assert rows.count() == count_before
    total_after, translated_after = tr.get_progress()
    assert total_after == total_before
    assert translated_after == translated_before - 1

    en_foreword.refresh_from_db()
    english_after = paragraph_texts(en_foreword)
    assert english_after[0] != english_before[0], "the old translation no longer applies"
    assert english_after[1:] == english_before[1:], "the other translations still apply"
    html = page_text(client.get(en_foreword.url))
    for text in english_before[1:]:
        assert text in html
    # The reader is told that the untranslated paragraph is shown in Norwegian.
    assert gettext_in("en", "Deler av teksten er ikke oversatt ennå og vises på norsk.") in html


# --- 5. translators, drafts and privacy ---------------------------------------------------


def test_a_translator_cannot_publish_a_translation_and_the_adviser_can(
    client, foreword, en_foreword, translator, adviser, django_capture_on_commit_callbacks
):
    tr = translation_of(foreword, "en")
    old_english = first_paragraph(en_foreword)
    # The first paragraph's translation, changed as a translator would in the editor.
    row = next(
        r
        for r in StringTranslation.objects.filter(
            locale__language_code="en", context__object_id=tr.source.object_id
        )
        if squash(strip_tags(r.data)) == old_english
    )
    new_english = "A reviewed sentence that only a publisher may put live."
    row.data = new_english
    row.translation_type = StringTranslation.TRANSLATION_TYPE_MANUAL
    row.save()
    edit_url = reverse("wagtailadmin_pages:edit", args=[en_foreword.pk])
    revision_before = en_foreword.live_revision_id

    response = publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: client_for(translator).post(edit_url, {"action": "publish"}),
    )
    assert_refused(response)
    en_foreword.refresh_from_db()
    assert en_foreword.live_revision_id == revision_before
    assert new_english not in page_text(anonymous_get(client, en_foreword.url))

    response = publish_on_commit(
        django_capture_on_commit_callbacks,
        lambda: client_for(adviser).post(edit_url, {"action": "publish"}),
    )
    assert response.status_code == 302 and response["Location"] == edit_url
    en_foreword.refresh_from_db()
    assert en_foreword.live_revision_id != revision_before
    assert new_english in page_text(anonymous_get(client, en_foreword.url))


def test_a_new_translation_is_a_draft_and_nothing_norwegian_appears_under_its_prefix(
    client, plan, foreword, django_capture_on_commit_callbacks
):
    polish = Locale.objects.get(language_code="pl")
    norwegian = first_paragraph(foreword)
    publish_on_commit(
        django_capture_on_commit_callbacks, lambda: translate_object(foreword, [polish])
    )

    pl_foreword = foreword.get_translation(polish)
    assert not pl_foreword.live, "a new translation waits for a publisher"

    # translate_object copied the untranslated parents (home, plan) as aliases
    # of the live Norwegian pages; an alias is live, with Norwegian content.
    notice = gettext_in("pl", "Ikke oversatt ennå")
    problems = []
    for url in ("/pl/", f"/pl/{plan.slug}/", f"/pl/{plan.slug}/{foreword.slug}/"):
        response = anonymous_get(client, url)
        if response.status_code != 200:
            problems.append(f"{url} answers {response.status_code}, not the notice")
            continue
        heading = squash(soup_of(response).find("main").find("h1").get_text())
        if heading != notice:
            problems.append(f"{url} shows «{heading}» (Norwegian) instead of the notice")
        if norwegian in page_text(response):
            problems.append(f"{url} shows the Norwegian text of the chapter")
    for page in (foreword, plan):
        response = client.get(page.url)
        if "pl" in [code for code, _name, _href in switcher(response)]:
            problems.append(f"{page.url}: the switcher offers Polski")
        if "pl" in alternates(response):
            problems.append(f"{page.url}: hreflang=pl is announced")
    assert not problems, "\n".join(problems)


def test_a_translation_of_an_unpublished_chapter_is_not_live(
    client, plan, django_capture_on_commit_callbacks
):
    secret = "Utkast som ikke er vedtatt ennå."
    draft = add_test_chapter(plan, live=False, body=[("paragraph", RichText(f"<p>{secret}</p>"))])
    english = Locale.objects.get(language_code="en")

    publish_on_commit(
        django_capture_on_commit_callbacks, lambda: translate_object(draft, [english])
    )

    en_draft = draft.get_translation(english)
    assert not en_draft.live
    assert (
        anonymous_get(client, en_draft.url or f"/en/action-plan/{en_draft.slug}/").status_code
        == 404
    )
    assert secret not in page_text(client.get(translated_page(plan, "en").url))


def make_private(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def test_a_private_chapter_is_not_revealed_under_another_language(client, foreword):
    code = "so"
    make_private(foreword)
    assert anonymous_get(client, foreword.url).status_code == 302

    url = f"/{code}/handlingsplan/{foreword.slug}/"
    response = anonymous_get(client, url)
    # Not even the notice: it names the private page and links to it.
    assert response.status_code == 302, f"{url} answers {response.status_code}"
    assert "/login/" in response["Location"]


def test_a_private_chapter_stays_private_in_its_translation(
    client, foreword, en_foreword, django_capture_on_commit_callbacks
):
    english_text = first_paragraph(en_foreword)
    make_private(foreword)
    # Never the Norwegian private text under the English address.
    assert first_paragraph(foreword) not in page_text(anonymous_get(client, en_foreword.url))

    tr = translation_of(foreword, "en")
    tr.source.update_from_db()
    publish_on_commit(django_capture_on_commit_callbacks, lambda: tr.save_target(publish=True))

    assert en_foreword.view_restrictions.filter(restriction_type=PageViewRestriction.LOGIN).exists()
    response = anonymous_get(client, en_foreword.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert english_text not in response.content.decode()
    # Nor is it offered as an alternative on a public page.
    response = client.get(translated_page(foreword, "ar").url)
    assert en_foreword.url not in response.content.decode()


# --- 6. staleness and machine translation notices -------------------------------------------


def notice_text(response) -> str:
    box = soup_of(response).find(class_="translation-notice")
    return squash(box.get_text(" ")) if box else ""


def test_the_translation_notice_follows_the_norwegian_source(
    client, plan, foreword, en_foreword, adviser, django_capture_on_commit_callbacks
):
    version = plan.version
    assert version == PLAN.version, "the plan as loaded, which the shipped translations translate"
    response = client.get(en_foreword.url)
    text = notice_text(response)
    assert (
        gettext_in(
            "en",
            "Denne oversettelsen er av versjon %(version)s av den norske planen.",
            version=version,
        )
        in text
    )
    assert gettext_in("en", "Maskinoversatt, ikke kontrollert.") in text
    stale_link = gettext_in("en", "Les den norske versjonen her.")
    assert stale_link not in text

    # An editorial publish of the Norwegian chapter (a new minor version of the plan).
    foreword.save_revision(user=adviser).publish(user=adviser)
    foreword.refresh_from_db()
    plan.refresh_from_db()
    assert plan.version != version
    updated = timezone.localtime(foreword.last_published_at).strftime("%d.%m.%Y")

    response = client.get(en_foreword.url)
    text = notice_text(response)
    assert (
        gettext_in(
            "en",
            "Denne oversettelsen er av versjon %(version)s av den norske planen.",
            version=version,
        )
        in text
    )
    assert gettext_in("en", "Den norske planen ble oppdatert %(date)s.", date=updated) in text
    link = soup_of(response).find(class_="translation-notice").find("a", href=foreword.url)
    assert link is not None and squash(link.get_text()) == stale_link

    tr = translation_of(foreword, "en")
    tr.source.update_from_db()
    publish_on_commit(django_capture_on_commit_callbacks, lambda: tr.save_target(publish=True))

    text = notice_text(client.get(en_foreword.url))
    assert (
        gettext_in(
            "en",
            "Denne oversettelsen er av versjon %(version)s av den norske planen.",
            version=plan.version,
        )
        in text
    )
    assert gettext_in("en", "Den norske planen ble oppdatert %(date)s.", date=updated) not in text
    assert stale_link not in text
    assert gettext_in("en", "Maskinoversatt, ikke kontrollert.") in text

    # A reviewer edits every string, then publishes: nothing machine-drafted is left.
    StringTranslation.objects.filter(
        locale__language_code="en", context__object_id=tr.source.object_id
    ).update(translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL)
    publish_on_commit(django_capture_on_commit_callbacks, lambda: tr.save_target(publish=True))
    text = notice_text(client.get(en_foreword.url))
    assert gettext_in("en", "Maskinoversatt, ikke kontrollert.") not in text
    assert (
        gettext_in(
            "en",
            "Denne oversettelsen er av versjon %(version)s av den norske planen.",
            version=plan.version,
        )
        in text
    )
    # Other translated pages keep their machine notice.
    other = translated_page(PlanPage.objects.get(pk=plan.pk), "en")
    assert gettext_in("en", "Maskinoversatt, ikke kontrollert.") in notice_text(
        client.get(other.url)
    )


def test_making_a_norwegian_chapter_private_makes_its_translations_private_at_once(
    client, chapters
):
    """No synchronisation needed: the English chapter is private the moment the Norwegian one is."""
    chapter = chapters[1]
    english = chapter.get_translation(Locale.objects.get(language_code="en"))
    assert client.get(english.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=chapter, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(english.url).status_code == 302  # to the login page
    assert english.title not in client.get(english.get_parent().url).content.decode()
    restriction.delete()
    assert client.get(english.url).status_code == 200


# --- machine translation (DeepL is outside our walls: its HTTP call is the only mock) -----

DEEPL = {
    "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
    "OPTIONS": {"AUTH_KEY": "test-key:fx"},
}


def fake_deepl_post(url, data, timeout, headers):
    assert url == "https://api-free.deepl.com/v2/translate"
    assert headers["Authorization"] == "DeepL-Auth-Key test-key:fx"
    response = mock.Mock()
    response.json.return_value = {"translations": [{"text": f"[PL] {t}"} for t in data["text"]]}
    return response


def test_machine_translation_drafts_text_that_the_public_page_marks(
    client, settings, foreword, translator, adviser, django_capture_on_commit_callbacks
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = DEEPL
    polish = Locale.objects.get(language_code="pl")
    publish_on_commit(
        django_capture_on_commit_callbacks, lambda: translate_object(foreword, [polish])
    )
    tr = Translation.objects.get(source__object_id=foreword.translation_key, target_locale=polish)

    client.force_login(translator)
    with mock.patch(
        "wagtail_localize.machine_translators.deepl.requests.post", side_effect=fake_deepl_post
    ):
        response = client.post(reverse("wagtail_localize:machine_translate", args=[tr.pk]))
    assert response.status_code == 302
    machine = StringTranslation.objects.filter(
        locale=polish,
        context__object_id=foreword.translation_key,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )
    assert machine.exists()
    polish_page = foreword.get_translation(polish)
    assert not polish_page.live, "machine drafts are not published by translating"

    publish_on_commit(
        django_capture_on_commit_callbacks, lambda: tr.save_target(user=adviser, publish=True)
    )
    client.logout()
    html = client.get(foreword.get_translation(polish).url).content.decode()
    assert "[PL] " in html
    assert gettext_in("pl", "Maskinoversatt, ikke kontrollert.") in html


def test_without_a_deepl_key_machine_translation_is_absent_not_broken(client, foreword, adviser):
    tr = translation_of(foreword, "en")
    client.force_login(adviser)
    response = client.post(reverse("wagtail_localize:machine_translate", args=[tr.pk]), follow=True)
    assert response.status_code == 404
    assert not StringTranslation.objects.filter(
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE, tool_name="DeepL"
    ).exists()


def test_the_translation_report_lists_every_page_in_every_language(client, plan, foreword, adviser):
    client.force_login(adviser)
    response = client.get(reverse("translation_report"))
    assert response.status_code == 200
    locales, rows = response.context["locales"], response.context["rows"]
    codes = [locale.language_code for locale, _ in locales]
    assert sorted(codes) == sorted(c for c in LANGUAGE_CODES if c != settings.LANGUAGE_CODE)
    by_page = {page.pk: dict(zip(codes, cells, strict=True)) for page, cells in rows}
    foreword_cells = by_page[foreword.pk]
    for code in TRANSLATED:
        target, facts = foreword_cells[code]
        assert target.live and facts.percent == 100 and not facts.stale
        assert facts.machine_translated
    assert all(foreword_cells[code] is None for code in NOT_TRANSLATED)

    foreword.save_revision(user=adviser).publish(user=adviser)  # the source moves on
    stale = client.get(reverse("translation_report")).context["rows"]
    cells = dict(zip(codes, dict((p.pk, c) for p, c in stale)[foreword.pk], strict=True))
    assert all(cells[code][1].stale for code in TRANSLATED)


def test_the_translation_report_is_for_those_who_translate(client, users):
    client.force_login(users["slt"])
    assert_refused(client.get(reverse("translation_report")))
