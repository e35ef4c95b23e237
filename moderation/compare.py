"""Readable comparisons of two revisions: word by word, block by block, in Norwegian.

Wagtail's revision comparison (wagtail.admin.compare) is the base. Where it does
not serve a reviewer, this module extends it:

- changed words are marked with <ins> and <del> (Wagtail marks them with
  <span>), and only the changed words, in every text, list item and field;
- a StreamField is compared block by block under each block's (Norwegian)
  label, a StructBlock child by child, a ListBlock item by item (matched by
  their ids), so an edited sign shows the changed words in that sign only;
- a chosen snippet or image is named, not numbered; a measures block names
  the goal area's measures.

`register()` installs these comparisons for the model fields every revision
comparison in the admin uses (pages and snippets alike, for editors and
reviewers).
"""

from django.db import models
from django.utils.encoding import force_str
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin import compare
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.utils.text import text_from_html

from plan_pages.blocks import MeasuresBlock, SectionHeadingBlock, live_measures


def _render(changes) -> str:
    """HTML for a list of (change type, text) pairs: <ins>/<del> around changed text."""
    parts = []
    for change, text in changes:
        if change == "addition":
            parts.append(format_html('<ins class="addition">{}</ins>', text))
        elif change == "deletion":
            parts.append(format_html('<del class="deletion">{}</del>', text))
        else:
            parts.append(escape(text))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def diff_words(a, b) -> str:
    """Text `a` changed into `b`, with inserted and removed words marked."""
    return _render(compare.diff_text(force_str(a or ""), force_str(b or "")).changes)


def whole(text, change) -> str:
    """A text that is all new ("addition") or all gone ("deletion")."""
    return _render([(change, force_str(text))]) if text else ""


def _rich_text(value) -> str:
    return text_from_html(force_str(getattr(value, "source", value) or ""))


# --- StreamField blocks ------------------------------------------------------------


class TextComparison(compare.BlockComparison):
    """A plain-text block (CharBlock, TextBlock, URLBlock …)."""

    def text(self, value) -> str:
        return force_str(value) if value is not None else ""

    def has_changed(self):
        return self.text(self.val_a) != self.text(self.val_b)

    def htmlvalue(self, val):
        return escape(self.text(val))

    def htmldiff(self):
        return diff_words(self.text(self.val_a), self.text(self.val_b))


class RichTextComparison(TextComparison):
    def text(self, value) -> str:
        return _rich_text(value) if value is not None else ""


class ChosenObjectComparison(TextComparison):
    """A chosen snippet or image, by its name."""

    def text(self, value) -> str:
        if value is None:
            return ""
        return force_str(getattr(value, "title", None) or value)


class MeasuresComparison(compare.BlockComparison):
    """A measures block: the goal area and the names of its live measures."""

    @staticmethod
    def lines(value) -> list[str]:
        goal_area = (value or {}).get("goal_area")
        if goal_area is None:
            return []
        return [str(goal_area), *(m.how.splitlines()[0] for m in live_measures(goal_area) if m.how)]

    def has_changed(self):
        return self.lines(self.val_a) != self.lines(self.val_b)

    def _html(self, rows) -> str:
        head, *items = rows or [""]
        return format_html(
            "<p>{}</p><ul>{}</ul>", head, format_html_join("", "<li>{}</li>", ((i,) for i in items))
        )

    def htmlvalue(self, val):
        return self._html([escape(line) for line in self.lines(val)])

    def htmldiff(self):
        a, b = self.lines(self.val_a), self.lines(self.val_b)
        return self._html(_sequence_diff(a, b, diff_words))


class StaticComparison(compare.BlockComparison):
    """A block without content of its own (the document history): its description."""

    def has_changed(self):
        return False

    def htmlvalue(self, val):
        return escape(force_str(getattr(self.block.meta, "admin_text", "") or ""))

    def htmldiff(self):
        return self.htmlvalue(None)


class StructComparison(compare.BlockComparison):
    """A StructBlock, child by child under each child's label."""

    def children(self):
        for name, child in self.block.child_blocks.items():
            val_a = self.val_a.get(name) if self.val_a is not None else None
            val_b = self.val_b.get(name) if self.val_b is not None else None
            yield (
                child,
                comparison_for_block(child)(child, self.exists_a, self.exists_b, val_a, val_b),
            )

    def has_changed(self):
        return any(comparison.has_changed() for _child, comparison in self.children())

    def _dl(self, rows) -> str:
        rows = [(label, html) for label, html in rows if html]
        return format_html(
            '<dl class="comparison__list">{}</dl>',
            format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows),
        )

    def htmlvalue(self, val):
        return self._dl(
            (child.label, comparison_for_block(child)(child, True, True, v, v).htmlvalue(v))
            for child, v in ((c, (val or {}).get(n)) for n, c in self.block.child_blocks.items())
        )

    def htmldiff(self):
        # Changed children, and unchanged one-line ones (a title, a category) for context.
        return self._dl(
            (child.label, _changed_html(comparison))
            for child, comparison in self.children()
            if comparison.has_changed() or self.gives_context(child)
        )

    @staticmethod
    def gives_context(child) -> bool:
        return isinstance(child, (blocks.CharBlock, SnippetChooserBlock))


def _sequence_diff(items_a, items_b, diff):
    """Items of two lists, matched by position: changed items diffed, added/removed marked."""
    rows = []
    for index in range(max(len(items_a), len(items_b))):
        if index >= len(items_a):
            rows.append(whole(items_b[index], "addition"))
        elif index >= len(items_b):
            rows.append(whole(items_a[index], "deletion"))
        else:
            rows.append(diff(items_a[index], items_b[index]))
    return rows


def _changed_html(comparison) -> str:
    """A child comparison as HTML: new and removed children marked as a whole."""
    if comparison.is_new():
        return format_html('<ins class="addition">{}</ins>', comparison.htmlvalue(comparison.val_b))
    if comparison.is_deleted():
        return format_html('<del class="deletion">{}</del>', comparison.htmlvalue(comparison.val_a))
    if comparison.has_changed():
        return comparison.htmldiff()
    return comparison.htmlvalue(comparison.val_a)


class SequenceComparison(compare.BlockComparison):
    """Children of a StreamBlock or ListBlock, matched by their ids (by position without)."""

    def child_block(self, child):
        return child.block

    def items(self, value):
        raise NotImplementedError

    def item_id(self, item):
        return item.id

    def comparisons(self):
        items_a, items_b = list(self.items(self.val_a)), list(self.items(self.val_b))
        ids_a, ids_b = [self.item_id(i) for i in items_a], [self.item_id(i) for i in items_b]
        if all(ids_a + ids_b):
            pairs = _pairs_by_id(
                list(zip(ids_a, items_a, strict=True)), list(zip(ids_b, items_b, strict=True))
            )
        else:  # items saved before they had ids
            pairs = _positional_pairs(items_a, items_b)
        result = []
        for a, b in pairs:
            child = a or b
            block = self.child_block(child)
            result.append(
                comparison_for_block(block)(
                    block,
                    a is not None,
                    b is not None,
                    a.value if a is not None else None,
                    b.value if b is not None else None,
                )
            )
        return result

    def has_changed(self):
        return any(c.is_new() or c.is_deleted() or c.has_changed() for c in self.comparisons())

    def htmlvalue(self, val):
        return self.render_rows(
            (
                self.child_block(item).label,
                comparison_for_block(self.child_block(item))(
                    self.child_block(item), True, True, item.value, item.value
                ).htmlvalue(item.value),
                False,
            )
            for item in self.items(val)
        )

    def htmldiff(self):
        return self.render_rows(
            (c.block.label, _changed_html(c), c.is_new() or c.is_deleted() or c.has_changed())
            for c in self.comparisons()
        )


def _pairs_by_id(items_a, items_b):
    """(a, b) pairs of (id, item) lists, in b's order; removed items at their old place."""
    ids_b = {item_id for item_id, _item in items_b}
    by_id_a = dict(items_a)
    pairs = [(by_id_a.get(item_id), item) for item_id, item in items_b]
    for index, (item_id, item) in enumerate(items_a):
        if item_id not in ids_b:
            pairs.insert(min(index, len(pairs)), (item, None))
    return pairs


def _positional_pairs(items_a, items_b):
    length = max(len(items_a), len(items_b))
    return [
        (items_a[i] if i < len(items_a) else None, items_b[i] if i < len(items_b) else None)
        for i in range(length)
    ]


class StreamComparison(SequenceComparison):
    """A StreamField's changed blocks, each under its label and the section it is in."""

    def items(self, value):
        return list(value or [])

    def htmldiff(self):
        rows, section, unchanged = [], "", 0
        for comparison in self.comparisons():
            value = comparison.val_b if comparison.exists_b else comparison.val_a
            is_section = isinstance(comparison.block, SectionHeadingBlock)
            if is_section and value:
                section = f"{value['number']} {value['title']}"
            changed = comparison.is_new() or comparison.is_deleted() or comparison.has_changed()
            if not changed:
                unchanged += 1
                continue
            label = comparison.block.label
            if section and not is_section:
                label = _("%(block)s i avsnitt %(section)s") % {"block": label, "section": section}
            rows.append((label, _changed_html(comparison), True))
        html = self.render_rows(rows)
        if unchanged:
            html += format_html(
                '<p class="help">{}</p>',
                ngettext(
                    "%(count)s uendret blokk vises ikke.",
                    "%(count)s uendrede blokker vises ikke.",
                    unchanged,
                )
                % {"count": unchanged},
            )
        return html

    def render_rows(self, rows):
        return format_html_join(
            "\n",
            '<section class="comparison__block{}"><h3 class="w-h4">{}</h3>{}</section>',
            (
                (" comparison__block--changed" if changed else "", label, html)
                for label, html, changed in rows
            ),
        )


class ListComparison(SequenceComparison):
    """A ListBlock, item by item (an edited sign shows its changed words only)."""

    def child_block(self, child):
        return self.block.child_block

    def items(self, value):
        if value is None:
            return []
        return list(value.bound_blocks)

    def item_id(self, item):
        # A list item saved without an id gets a new one each time it is read.
        return item.original_id

    def render_rows(self, rows):
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((html,) for _b, html, _c in rows))
        )

    def htmldiff(self):
        comparisons = self.comparisons()
        changed = [c for c in comparisons if c.is_new() or c.is_deleted() or c.has_changed()]
        html = self.render_rows((c.block.label, _changed_html(c), True) for c in changed)
        if unchanged := len(comparisons) - len(changed):
            html += format_html(
                '<p class="help">{}</p>',
                ngettext(
                    "%(count)s uendret punkt vises ikke.",
                    "%(count)s uendrede punkter vises ikke.",
                    unchanged,
                )
                % {"count": unchanged},
            )
        return html


def comparison_for_block(block):
    """The comparison class for one of our blocks (or one of Wagtail's inside them)."""
    if isinstance(block, MeasuresBlock):
        return MeasuresComparison
    if isinstance(block, (SnippetChooserBlock, ImageChooserBlock)):
        return ChosenObjectComparison
    if isinstance(block, blocks.RichTextBlock):
        return RichTextComparison
    if isinstance(block, blocks.StructBlock):
        return StructComparison
    if isinstance(block, blocks.StreamBlock):
        return StreamComparison
    if isinstance(block, blocks.ListBlock):
        return ListComparison
    if isinstance(block, blocks.StaticBlock):
        return StaticComparison
    return TextComparison


# --- model fields ------------------------------------------------------------------


class StreamFieldComparison(compare.StreamFieldComparison):
    def has_changed(self):
        return StreamComparison(
            self.field.stream_block, True, True, self.val_a, self.val_b
        ).has_changed()

    def htmldiff(self):
        return StreamComparison(
            self.field.stream_block, True, True, self.val_a, self.val_b
        ).htmldiff()


class TextFieldComparison(compare.TextFieldComparison):
    def htmldiff(self):
        return diff_words(self.val_a, self.val_b)


class RichTextFieldComparison(compare.RichTextFieldComparison):
    def htmldiff(self):
        return diff_words(_rich_text(self.val_a), _rich_text(self.val_b))


class ForeignObjectComparison(compare.ForeignObjectComparison):
    def htmldiff(self):
        obj_a, obj_b = self.get_objects()
        return diff_words(force_str(obj_a or ""), force_str(obj_b or "")) or _("Ingen")


class ManyToManyComparison(compare.M2MFieldComparison):
    def htmldiff(self):
        items_a, items_b = (list(map(str, items)) for items in self.get_items())
        rows = [whole(i, "deletion") for i in items_a if i not in items_b]
        rows = [
            *(escape(i) if i in items_a else whole(i, "addition") for i in items_b),
            *rows,
        ]
        return mark_safe(", ".join(rows))  # noqa: S308 - escaped above


def register() -> None:
    """Install the readable comparisons for every revision comparison in the admin."""
    for field_class, comparison in (
        (models.CharField, TextFieldComparison),
        (models.TextField, TextFieldComparison),
        (RichTextField, RichTextFieldComparison),
        (StreamField, StreamFieldComparison),
        (models.ForeignKey, ForeignObjectComparison),
        (ParentalManyToManyField, ManyToManyComparison),
        (models.ManyToManyField, ManyToManyComparison),
    ):
        compare.register_comparison_class(field_class, comparison_class=comparison)
