"""Query helpers."""


def only_row(queryset):
    """The one row a lookup by a unique key finds, or None.

    `.first()` without its ORDER BY: Django 5.2 compiles an ordered query by hashing
    every selected column (`Expression.identity`, with `inspect`), which on a page's
    wide rows costs more than running the query.
    """
    return next(iter(queryset.order_by()[:1]), None)
