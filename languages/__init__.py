"""Layer 6: the languages of the site and of the plan.

Locales (`sync_locales`), what a reader should know of a translation (`facts`),
the language switcher, the notices for missing or unpublished translations and
the translators' dashboard and report.
"""
