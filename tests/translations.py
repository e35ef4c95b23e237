"""Helpers for pages in several languages: their text, their translations, publishing them."""

from bs4 import BeautifulSoup
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def squash(text: str) -> str:
    return " ".join(text.split())


def page_text(response) -> str:
    return squash(soup_of(response).get_text(" "))


def main_text(response) -> str:
    return squash(soup_of(response).find("main").get_text(" "))


def gettext_in(code: str, message: str, **params) -> str:
    with translation.override(code):
        text = translation.gettext(message)
    return text % params if params else text


def first_paragraph(page) -> str:
    """The plain text of the first paragraph block of a chapter's body."""
    block = next(b for b in page.body if b.block_type == "paragraph")
    return squash(strip_tags(block.value.source))


def translation_of(page, code: str) -> Translation:
    source = TranslationSource.objects.get_for_instance(page)
    return Translation.objects.get(source=source, target_locale__language_code=code)


def translated_page(page, code: str):
    return page.get_translation(Locale.objects.get(language_code=code)).specific


def publish_on_commit(django_capture_on_commit_callbacks, action):
    """Run `action` and the on-commit callbacks (wagtail-localize publishes on commit)."""
    with django_capture_on_commit_callbacks(execute=True):
        return action()


def anonymous_get(client, url):
    client.logout()
    return client.get(url)
