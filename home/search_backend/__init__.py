"""Wagtail's database search backend, with each language's words.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "home.search_backend"` picks,
like Wagtail's own `wagtail.search.backends.database`, the backend of the
database in use, and adds:

- PostgreSQL: every object is indexed with its own language's text search
  configuration (`SEARCH_CONFIGS`, language code -> configuration; objects
  without a language get the default language's, a language not listed gets
  `simple`), so in Norwegian "politiet" and "politi" are one word. A search
  made for one language (`get_search_backend(LANGUAGE="nb")`) reads the words
  with that language's configuration; a search without one (the admin, the
  API) matches a word as any of the configured languages would read it.
- SQLite (FTS5, which stems no Norwegian): a word also finds the longer words
  it begins, "legevakt" finds "Legevakten": the nearest FTS5 comes to
  Norwegian's suffixed forms (-en, -et, -ene).

`matching_words` says which words of a text a search matched, in the same
terms, for highlighting them (home.search).
"""

import unicodedata

from django.db import connection
from wagtail.search.backends import database


def SearchBackend(params):  # the name Wagtail's backend loader looks for
    # Each engine's module is imported only on that engine: Wagtail's SQLite search
    # module needs a model that exists only on SQLite.
    if connection.vendor == "postgresql":
        from .postgres import LanguagePostgresSearchBackend

        return LanguagePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from .sqlite import PrefixSQLiteSearchBackend

        backend = database.SearchBackend(params)
        if type(backend) is SQLiteSearchBackend:
            return PrefixSQLiteSearchBackend(params)
        return backend
    return database.SearchBackend(params)


def folded(word: str) -> str:
    """A word as SQLite's FTS5 tokenizer (unicode61) compares it: lower case, no diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
