"""PostgreSQL: each language's text search configuration (see home.search_backend)."""

import copy
import operator
from collections import defaultdict
from functools import reduce

from django.conf import settings
from django.db import connection
from wagtail.models import Locale
from wagtail.search.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

FALLBACK_CONFIG = "simple"


class LanguagePostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Index each object with its own language's configuration."""
        language_codes = dict(Locale.objects.values_list("pk", "language_code"))
        by_config = defaultdict(list)
        for obj in objs:
            language_code = language_codes.get(getattr(obj, "locale_id", None))
            by_config[self.backend.config_for(language_code)].append(obj)
        for config, group in by_config.items():
            PostgresIndex(self.backend.with_config(config)).add_items(model, group)


class LanguagePostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        # A search for no language in particular: any language's reading of the words.
        return backend.config or backend.all_configs()

    def build_tsquery(self, query, config=None):
        if isinstance(config, tuple):
            build = super().build_tsquery
            return reduce(operator.or_, [build(query, config=c) for c in config])
        return super().build_tsquery(query, config=config)


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    index_class = LanguagePostgresIndex
    query_compiler_class = LanguagePostgresSearchQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.search_configs = params.get("SEARCH_CONFIGS", {})
        language = params.get("LANGUAGE")
        self.config = self.config_for(language) if language else None

    def config_for(self, language_code: str | None) -> str:
        """The text search configuration of a language (None: the site's default language)."""
        return self.search_configs.get(language_code or settings.LANGUAGE_CODE, FALLBACK_CONFIG)

    def all_configs(self) -> tuple[str, ...]:
        return tuple(sorted({*self.search_configs.values(), FALLBACK_CONFIG}))

    def with_config(self, config: str):
        backend = copy.copy(self)
        backend.config = config
        return backend

    def matching_words(self, words, terms) -> set[str]:
        """Those of `words` that a search for `terms` (any of them) finds."""
        words, terms = sorted(set(words)), sorted(set(terms))
        if not words or not terms:
            return set()
        config = self.config_for_query()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM unnest(%s::text[]) AS word WHERE EXISTS ("
                " SELECT 1 FROM unnest(%s::text[]) AS term, unnest(%s::regconfig[]) AS config"
                " WHERE to_tsvector(config, word) @@ plainto_tsquery(config, term))",
                [words, terms, list(config)],
            )
            return {word for (word,) in cursor.fetchall()}

    def config_for_query(self) -> tuple[str, ...]:
        return (self.config,) if self.config else self.all_configs()
