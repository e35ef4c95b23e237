"""SQLite: a word also finds the words it begins (see home.search_backend)."""

import operator
from functools import reduce

from wagtail.search.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from wagtail.search.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from wagtail.search.query import PlainText

from . import folded


class PrefixSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        if not isinstance(query, PlainText):
            return super().build_search_query_content(query, config=config)
        lexemes = [Lexeme(term, prefix=True) for term in query.query_string.split()]
        if not lexemes:
            return None
        combine = operator.and_ if query.operator == "and" else operator.or_
        return SearchQueryExpression(reduce(combine, lexemes), config=config)


class PrefixSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = PrefixSQLiteSearchQueryCompiler

    def matching_words(self, words, terms) -> set[str]:
        """Those of `words` that a search for `terms` (any of them) finds: the words they begin."""
        prefixes = tuple(folded(term) for term in terms)
        return {word for word in words if folded(word).startswith(prefixes)} if prefixes else set()
