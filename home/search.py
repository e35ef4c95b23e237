"""What a reader types into a search box, made safe for Wagtail's database search backend.

The backend writes the terms of a plain-text query into its database's own
query language: SQLite's FTS5 MATCH syntax wraps each term in double quotes
without escaping a quote inside it (so `"` or `foo"bar` is an FTS5 syntax
error), and a NUL character is an error on PostgreSQL. Both databases index
words only: letters, combining marks and digits, everything else separates
them (FTS5's unicode61 tokenizer). So a search is reduced to exactly those
words, whatever the punctuation around them, and `AND`, `NEAR` or `(` are
never operators: a search for `"plan` or `(plan` finds what `plan` finds.

The public search page (home.views.search) and the API's `?search=`
(api.pages) both search through `words_query`.

A result of the search page shows where on its page the search matched
(`add_search_hits`): the heading above the first matched word (linked by its
id) and the words around it, each matched word marked as the search backend
matched it (on PostgreSQL stemmed: "politiet" marks "Politi"). What a page's
text is, heading by heading, is plan_pages.search's answer: the same text its
search document holds.
"""

import unicodedata
from dataclasses import dataclass
from itertools import groupby

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText

from plan_pages.models import ChapterPage, PlanPage
from plan_pages.search import Part, chapter_parts, plan_parts

from .search_backend import folded

MAX_SEARCH_LENGTH = 200  # characters of search text; longer is not a reader's question


def _is_word_character(character: str) -> bool:
    return unicodedata.category(character)[0] in "LMN"


def search_words(text: str) -> list[str]:
    """The words of `text`, split at everything that is not a letter, mark or digit."""
    separated = "".join(c if _is_word_character(c) else " " for c in text)
    return separated.split()


def displayable(text: str) -> str:
    """The search text to show back to the reader: no control characters, at most the limit."""
    visible = "".join(c for c in text if unicodedata.category(c) != "Cc")
    return " ".join(visible.split())[:MAX_SEARCH_LENGTH]


def words_query(text: str, operator: str | None = None) -> PlainText | None:
    """A plain-text query for the words of `text`; None when it has no words to search for."""
    words = search_words(text)
    if not words:
        return None
    return PlainText(" ".join(words), operator=operator or PlainText.DEFAULT_OPERATOR)


# --- results: where on the page a search matched, and the words around it -----------------

EXCERPT_WORDS = 30  # words of an excerpt: about two lines
EXCERPT_WORDS_BEFORE = 8  # of them before the first matched word


@dataclass(frozen=True)
class SearchHit:
    """Where a result matched: the heading above it (its id and text) and an excerpt.

    `anchor` is "" when the match is above the page's first heading with an id.
    `marked_heading` and `excerpt` are HTML: the text escaped, each matched word
    in `<mark>`.
    """

    anchor: str
    heading: str
    marked_heading: SafeString
    excerpt: SafeString


def search_backend(language_code: str):
    """The search backend, reading the words as `language_code` does (home.search_backend)."""
    return get_search_backend(LANGUAGE=language_code)


def page_parts(pages) -> dict[int, list[Part]]:
    """The parts of each plan page (by id); other page types have none."""
    parts = {page.pk: plan_parts(page) for page in pages if isinstance(page, PlanPage)}
    parts.update(chapter_parts([page for page in pages if isinstance(page, ChapterPage)]))
    return parts


def add_search_hits(pages, query: PlainText, backend) -> None:
    """Give each result page its `search_hit` (None: nothing of its text to show)."""
    parts = page_parts(pages)
    words = {
        word
        for page_parts_ in parts.values()
        for part in page_parts_
        for word in search_words(f"{part.heading} {part.text}")
    }
    terms = search_words(query.query_string)
    matching = backend_matching_words(backend, words, terms)
    for page in pages:
        page.search_hit = first_hit(parts.get(page.pk, []), matching)


def backend_matching_words(backend, words, terms) -> set[str]:
    """The words a search for `terms` finds, as the backend reads them (else: the same words)."""
    if hasattr(backend, "matching_words"):
        return backend.matching_words(words, terms)
    wanted = {folded(term) for term in terms}
    return {word for word in words if folded(word) in wanted}


def first_hit(parts, matching: set[str]) -> SearchHit | None:
    """The first part with a matched word (in its heading or text); else the page's first text."""
    for part in parts:
        heading, text = _tokens(part.heading), _tokens(part.text)
        if _first_match(heading, matching) is not None or _first_match(text, matching) is not None:
            return SearchHit(
                part.anchor,
                part.heading,
                _marked(heading, matching),
                _excerpt(text, _first_match(text, matching) or 0, matching),
            )
    for part in parts:
        if part.text:
            return SearchHit("", "", SafeString(""), _excerpt(_tokens(part.text), 0, matching))
    return None


def _tokens(text: str) -> list[tuple[bool, str]]:
    """The text as runs of word characters and of the rest, whitespace made single spaces."""
    text = " ".join(text.split())
    return [(is_word, "".join(run)) for is_word, run in groupby(text, key=_is_word_character)]


def _first_match(tokens, matching) -> int | None:
    """The position of the first matched word among the words of `tokens`."""
    words = (text for is_word, text in tokens if is_word)
    return next((n for n, word in enumerate(words) if word in matching), None)


def _excerpt(tokens, first: int, matching) -> SafeString:
    """The words around the `first`-th word, a few before it, cut with ellipses."""
    words = [i for i, (is_word, _text) in enumerate(tokens) if is_word]
    if not words:
        return SafeString("")
    start = max(0, first - EXCERPT_WORDS_BEFORE)
    end = min(len(words), start + EXCERPT_WORDS)
    # Cut at words inside the text; its own punctuation stays at its start and end.
    first_token = words[start] if start > 0 else 0
    last_token = words[end - 1] + 1 if end < len(words) else len(tokens)
    html = _marked(tokens[first_token:last_token], matching)
    return format_html("{}{}{}", "… " if start > 0 else "", html, " …" if end < len(words) else "")


def _marked(tokens, matching) -> SafeString:
    """The tokens as HTML: escaped, each matched word in `<mark>`."""
    html = [
        format_html("<mark>{}</mark>", text) if is_word and text in matching else escape(text)
        for is_word, text in tokens
    ]
    return mark_safe("".join(html))  # noqa: S308 - every piece is escaped or format_html's
