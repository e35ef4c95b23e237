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
(cms.api) both search through `words_query`.
"""

import unicodedata

from wagtail.search.query import PlainText

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
