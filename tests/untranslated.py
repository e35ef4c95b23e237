"""Find third-party interface strings the admin shows in English to a Norwegian user.

While active, `UntranslatedRecorder` wraps Django's translation object for one
language and records every msgid looked up through gettext, ngettext or
pgettext (templates, lazy strings and JavaScript config built on the server
included) that

- belongs to a third-party catalogue whose source language is English
  (Django, Wagtail, wagtail-localize: every msgid of an installed app's
  `locale/en/LC_MESSAGES/django.po` outside this project), and
- has no translation in the merged catalogue of that language (the apps'
  own catalogues plus ours in LOCALE_PATHS).

Our own msgids are Norwegian source text and belong to no such catalogue, so
they are never recorded. A recorded msgid counts only where it is shown:
`shown_in(text)` finds those whose text appears in a response.
"""

import html
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import django
import polib
from bs4 import BeautifulSoup, Comment
from django.apps import apps
from django.conf import settings
from django.utils.translation import trans_real

CONTEXT_SEPARATOR = "\x04"
# Placeholders of Python's %-formatting and of str.format, filled in at render time.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")


def _project_path(path: Path) -> bool:
    """Whether an app is one of ours: a top-level folder of the project (not a package
    installed into a virtualenv, which may itself live inside the project folder)."""
    return path.resolve().parent == Path(settings.BASE_DIR).resolve()


@cache
def third_party_msgids(domain: str = "django") -> frozenset[str]:
    """Every msgid (with `context\\x04` when it has one) of the English-source catalogues."""
    catalogues = [Path(django.__file__).parent / "conf" / "locale"]
    catalogues += [
        Path(app.path) / "locale"
        for app in apps.get_app_configs()
        if not _project_path(Path(app.path))
    ]
    msgids = set()
    for locale_dir in catalogues:
        po_path = locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not po_path.exists():
            continue
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete or not entry.msgid:
                continue
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                msgids.add(f"{entry.msgctxt}{CONTEXT_SEPARATOR}{msgid}" if entry.msgctxt else msgid)
    return frozenset(msgids)


class _RecordingTranslation:
    """Django's translation object for one language, recording untranslated lookups."""

    def __init__(self, inner, recorder):
        self._inner = inner
        self._recorder = recorder

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def gettext(self, message):
        self._recorder.looked_up()
        if message not in self._inner._catalog:
            self._recorder.record(message)
        return self._inner.gettext(message)

    def ngettext(self, singular, plural, number):
        self._recorder.looked_up()
        if (singular, 0) not in self._inner._catalog:
            self._recorder.record(singular)
            self._recorder.record(plural)
        return self._inner.ngettext(singular, plural, number)


class UntranslatedRecorder:
    """Records, for `language`, the third-party msgids looked up without a translation."""

    def __init__(self, language: str):
        self.language = language
        self.missing: set[str] = set()
        self.lookups = 0
        self._known = third_party_msgids()

    def looked_up(self):
        self.lookups += 1

    def record(self, message: str):
        if message in self._known:
            # pgettext looks up "context\x04message" and shows the message.
            self.missing.add(message.rpartition(CONTEXT_SEPARATOR)[2])

    def install(self, monkeypatch):
        """Wrap the language's translation object (restored by `monkeypatch`)."""
        original = trans_real.translation(self.language)
        wrapped = _RecordingTranslation(original, self)
        monkeypatch.setitem(trans_real._translations, self.language, wrapped)
        if trans_real._default is original:
            monkeypatch.setattr(trans_real, "_default", wrapped)
        return self

    def shown_in(self, text: str) -> list[str]:
        """The recorded msgids whose text (placeholders filled in any way) `text` shows."""
        haystack = searchable(text)
        return sorted(m for m in self.missing if _pattern(m) and _pattern(m).search(haystack))


# Attributes a person reads (or hears from a screen reader); data-* attributes
# carry the strings Wagtail's scripts show, so they are read too.
READABLE_ATTRIBUTES = {"title", "alt", "placeholder", "content", "label", "value"}
# A JSON or JavaScript string literal that is not an object key.
STRING_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?!\s*:)')
# A name, a path or an address: not text anybody reads.
IDENTIFIER = re.compile(r"[a-z0-9_\-./:#?=&%@+]*")


def searchable(html_text: str) -> str:
    """What a response shows: its text, readable attributes and the strings its scripts show.

    Markup, addresses and identifiers (field names, URLs, controller names) are
    left out, so a msgid that is also a name ("status", "locale") counts only
    where it is shown as text.
    """
    texts = []
    _collect(BeautifulSoup(html_text, "html.parser"), texts)
    return " ".join(" ".join(texts).split())


def _collect(soup, texts: list[str]):
    for node in soup.find_all(string=True):
        if isinstance(node, Comment) or node.parent.name == "style":
            continue
        if node.parent.name == "script":
            _collect_script(str(node), texts)
        else:
            texts.append(str(node))
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.startswith("data-") or name.startswith("aria-"):
                _collect_script(value, texts)
            elif name in READABLE_ATTRIBUTES:
                _add_text(value, texts)


def _collect_script(code: str, texts: list[str]):
    literals = STRING_LITERAL.findall(code)
    if not literals:
        _add_text(code, texts)
    for literal in literals:
        try:
            value = json.loads(f'"{literal}"')
        except ValueError:
            value = literal
        _add_text(value, texts)


def _add_text(value: str, texts: list[str]):
    if "<" in value and ">" in value:
        _collect(BeautifulSoup(value, "html.parser"), texts)
    elif not IDENTIFIER.fullmatch(value.strip()):
        texts.append(html.unescape(value))


@cache
def _pattern(msgid: str) -> re.Pattern | None:
    """A msgid as a regular expression: its literal parts, any text for its placeholders.

    None for a msgid without a word of its own (such as "%(count)s" or "—").
    """
    parts = PLACEHOLDER.split(" ".join(msgid.split()))
    if not re.search(r"[A-Za-z]{2}", "".join(parts)):
        return None
    body = ".{0,300}?".join(re.escape(part).replace(r"\ ", r"\s+") for part in parts)
    start = r"(?<![\w])" if re.match(r"\w", msgid) else ""
    end = r"(?![\w])" if re.search(r"\w$", msgid) else ""
    return re.compile(start + body + end)


# --- resources from other hosts ----------------------------------------------------

# Where a page makes the browser fetch something: images, scripts, styles, fonts, frames.
RESOURCE_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "track": ("src",),
}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]+)")
ABSOLUTE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def third_party_resources(html_text: str, host: str) -> list[str]:
    """Every address on a host other than `host` that the page would load.

    Markup inside scripts' strings and data attributes (Wagtail's templates for
    its scripts) is searched too, and so is every absolute address a data
    attribute hands a script (such as a URL to fetch).
    """
    found = []
    _resources(BeautifulSoup(html_text, "html.parser"), found)
    return sorted({url for url in found if _other_host(url, host)})


def _resources(soup, found: list[str]):
    for tag in soup.find_all(True):
        for name in RESOURCE_ATTRIBUTES.get(tag.name, ()):
            if value := tag.get(name):
                found.extend(part.split()[0] for part in value.split(",") if part.strip())
        if style := tag.get("style"):
            found.extend(CSS_URL.findall(style))
        for name, value in tag.attrs.items():
            if name.startswith("data-") and isinstance(value, str):
                _resources_in_strings(value, found)
    for node in soup.find_all(["script", "style"]):
        text = node.string or ""
        if node.name == "style":
            found.extend(CSS_URL.findall(text))
        else:
            _resources_in_strings(text, found)


def _resources_in_strings(code: str, found: list[str]):
    literals = [code, *STRING_LITERAL.findall(code)]
    for literal in literals:
        try:
            value = json.loads(f'"{literal}"') if literal is not code else literal
        except ValueError:
            value = literal
        if "<" in value and ">" in value and value is not code:
            _resources(BeautifulSoup(value, "html.parser"), found)
        elif ABSOLUTE_URL.match(value.strip()) and " " not in value.strip():
            found.append(value.strip())


def _other_host(url: str, host: str) -> bool:
    if not ABSOLUTE_URL.match(url):
        return False
    netloc = urlsplit(url if "//" in url else f"//{url}").netloc
    return bool(netloc) and netloc != host
