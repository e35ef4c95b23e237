"""What changed between two kept versions of the plan in one language (see README, "Endringer").

Computed once, in the task worker, when a version is kept (archive.tasks), never per
request: `kept_text` reads a version's text once and keeps it on the version
(`PublishedVersion.kept_text`), `compare` aligns two of them and `VersionComparison` keeps
the result, which the public page (`serve_changes`) only lays out.

A version's text is read from its recorded revisions (`PublishedVersion.revision`,
`PublishedChapter.revision`): the plan page's own fields, and per chapter (aligned by
translation key) its title, intro and body blocks (aligned by StreamField block id). The
measures and contacts blocks show snippets, which have no revision in the version: their
text is the text the page showed, read from the live snippets (as plan_pages.search reads
it) when the version is kept, which is just after its publish, and kept with the version
so a later comparison compares it as it was. A version kept before this existed gets its
text when first compared, with the snippets as they are then. The document history block
is left out: it lists the versions themselves and changes with each of them.

Text is compared word by word (difflib on words, spaces and punctuation), and the result
is stored as operations: `["=", text]`, `["+", text]` (inserted), `["-", text]` (removed).
"""

import difflib
import re

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Revision
from wagtail.rich_text import get_text_for_indexing

from .versioning import parse_version

CHANGES_SEGMENT = "endringer"
# The plan page's own fields a reader sees, in the order the page shows them.
PLAN_FIELDS = ("title", "document_type", "subtitle", "municipality", "period", "goal", "intro")
RICH_TEXT_FIELDS = {"intro"}
# Blocks whose text is not the version's own (see the module's docstring).
SKIPPED_BLOCKS = {"document_history"}

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")
_WORD = re.compile(r"\w")

EQUAL, INSERTED, REMOVED = "=", "+", "-"
# What a kept version's rows hold that a comparison never reads.
STORED_BYTES = ("html", "api_json")


# --- words ---------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Words, runs of spaces and runs of punctuation: joined again, the text itself."""
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> list[list[str]]:
    """The operations that turn `old` into `new`, word by word, adjacent ones merged."""
    a, b = tokens(old), tokens(new)
    ops = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(ops, EQUAL, "".join(a[i1:i2]))
            continue
        if i2 > i1:
            _append(ops, REMOVED, "".join(a[i1:i2]))
        if j2 > j1:
            _append(ops, INSERTED, "".join(b[j1:j2]))
    return _absorb_spaces(ops)


def _append(ops, op, text):
    if not text:
        return
    if ops and ops[-1][0] == op:
        ops[-1][1] += text
    else:
        ops.append([op, text])


def _absorb_spaces(ops):
    """A change split only by spaces reads as one change: "a b" → "c d" gives
    removed "a b", inserted "c d", not a→c, " ", b→d."""
    runs = []  # unchanged texts and [removed, inserted] pairs, in order
    for i, (op, text) in enumerate(ops):
        between_changes = (
            op == EQUAL
            and not text.strip()
            and 0 < i < len(ops) - 1
            and ops[i - 1][0] != EQUAL
            and ops[i + 1][0] != EQUAL
        )
        if op == EQUAL and not between_changes:
            runs.append(text)
            continue
        if not runs or isinstance(runs[-1], str):
            runs.append(["", ""])
        if op == REMOVED or between_changes:
            runs[-1][0] += text
        if op == INSERTED or between_changes:
            runs[-1][1] += text
    merged = []
    for run in runs:
        if isinstance(run, str):
            _append(merged, EQUAL, run)
        else:
            _append(merged, REMOVED, run[0])
            _append(merged, INSERTED, run[1])
    return merged


def word_count(ops, op) -> int:
    return sum(len([t for t in tokens(text) if _WORD.match(t)]) for o, text in ops if o == op)


def is_changed(ops) -> bool:
    return any(op != EQUAL for op, _text in ops)


# --- a version's text --------------------------------------------------------------------------


def _plain(html: str) -> str:
    return get_text_for_indexing(html or "").strip()


def _revision_object(revision_id):
    if revision_id is None:
        return None
    return Revision.objects.get(pk=revision_id).as_object()


def block_text(block_type, child_block, value) -> str:
    """The text a block shows (the snippets' as plan_pages.search reads them)."""
    from .search import _contacts_texts, _measures_texts

    if block_type == "contacts":
        texts = [value.get("title") or "", *_contacts_texts(value)]
    elif block_type == "measures":
        goal_area = value.get("goal_area")
        if goal_area is None or not goal_area.live:
            return ""
        texts = [goal_area.title, *_measures_texts(goal_area)]
    else:
        texts = child_block.get_searchable_content(value)
    return "\n".join(t.strip() for t in texts if t and t.strip())


def version_text(published) -> dict:
    """A version's text as described in the module's docstring (JSON-ready)."""
    plan = _revision_object(published.revision_id)
    fields = []
    if plan is not None:
        for name in PLAN_FIELDS:
            value = getattr(plan, name, "") or ""
            fields.append([name, _plain(value) if name in RICH_TEXT_FIELDS else str(value)])
    chapters = []
    for kept in published.chapters.defer(*STORED_BYTES).order_by("position"):
        chapter = _revision_object(kept.revision_id)
        blocks = []
        if chapter is not None:
            for child in chapter.body:
                if child.block_type in SKIPPED_BLOCKS:
                    continue
                blocks.append(
                    {
                        "id": child.id,
                        "type": child.block_type,
                        "text": block_text(child.block_type, child.block, child.value),
                    }
                )
        chapters.append(
            {
                "key": str(kept.translation_key),
                "number": kept.number,
                "title": chapter.title if chapter is not None else kept.title,
                "intro": (chapter.intro or "") if chapter is not None else "",
                "blocks": blocks,
            }
        )
    return {"fields": fields, "chapters": chapters}


def kept_text(published) -> dict:
    """The version's text, read once and kept with it."""
    if published.kept_text is None:
        published.kept_text = version_text(published)
        published.save(update_fields=["kept_text"])
    return published.kept_text


# --- two versions ---------------------------------------------------------------------------------


def moved_keys(old_keys: list, new_keys: list) -> set:
    """The keys in both lists that are not in their longest common order: those moved."""
    common = set(old_keys) & set(new_keys)
    a = [k for k in old_keys if k in common]
    b = [k for k in new_keys if k in common]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    kept = {k for block in matcher.get_matching_blocks() for k in a[block.a : block.a + block.size]}
    return common - kept


def align(old_items: list[dict], new_items: list[dict], key: str) -> list[tuple]:
    """(status, old item, new item) in the new order, each removed item after the item
    that was before it (and still is there); status: added, removed, moved or kept."""
    old_by_key = {item[key]: item for item in old_items}
    new_keys = [item[key] for item in new_items]
    moved = moved_keys([item[key] for item in old_items], new_keys)
    still_there = set(new_keys)
    after = {}  # the key a removed item follows (None: the start)
    previous = None
    for item in old_items:
        if item[key] not in still_there:
            after.setdefault(previous, []).append(item)
        else:
            previous = item[key]
    rows = [("removed", item, None) for item in after.get(None, [])]
    for item in new_items:
        old = old_by_key.get(item[key])
        if old is None:
            rows.append(("added", None, item))
        else:
            rows.append(("moved" if item[key] in moved else "kept", old, item))
        rows.extend(("removed", removed, None) for removed in after.get(item[key], []))
    return rows


def _text_ops(old: str | None, new: str | None):
    return word_diff(old or "", new or "")


def compare(old: dict, new: dict) -> dict:
    """What changed from the `old` version's text to the `new` one's (both `version_text`)."""
    old_fields = dict(old["fields"])
    fields = []
    for name, value in new["fields"]:
        ops = _text_ops(old_fields.get(name, ""), value)
        if is_changed(ops):
            fields.append({"name": name, "ops": ops})
    chapters = []
    unchanged = 0
    for status, before, after in align(old["chapters"], new["chapters"], "key"):
        chapter = _compare_chapter(status, before, after)
        if chapter is None:
            unchanged += 1
        else:
            chapters.append(chapter)
    all_ops = [f["ops"] for f in fields]
    for chapter in chapters:
        all_ops += [chapter["title"], chapter["intro"]] + [b["ops"] for b in chapter["blocks"]]
    return {
        "fields": fields,
        "chapters": chapters,
        "summary": {
            "chapters_changed": len(chapters),
            "chapters_unchanged": unchanged,
            "words_added": sum(word_count(ops, INSERTED) for ops in all_ops),
            "words_removed": sum(word_count(ops, REMOVED) for ops in all_ops),
        },
    }


def _compare_chapter(status, before, after) -> dict | None:
    """A chapter's changes, or None when it is the same (and in the same place)."""
    before = before or {"title": "", "intro": "", "blocks": [], "number": None}
    after = after or {"title": "", "intro": "", "blocks": [], "number": None}
    blocks = []
    for block_status, old_block, new_block in align(before["blocks"], after["blocks"], "id"):
        ops = _text_ops(old_block and old_block["text"], new_block and new_block["text"])
        if block_status == "kept" and not is_changed(ops):
            continue
        blocks.append(
            {
                "id": (new_block or old_block)["id"],
                "type": (new_block or old_block)["type"],
                "status": block_status,
                "changed": is_changed(ops),
                "ops": ops,
            }
        )
    title = _text_ops(before["title"], after["title"])
    intro = _text_ops(before["intro"], after["intro"])
    if status == "kept" and not blocks and not is_changed(title) and not is_changed(intro):
        return None
    return {
        "key": (after if status != "removed" else before).get("key"),
        "status": status,
        "number": after["number"] if status != "removed" else before["number"],
        "old_number": before["number"],
        "title": title,
        "intro": intro,
        "blocks": blocks,
    }


def compare_with_earlier(published) -> list:
    """The comparisons of a kept version with every earlier kept version in its language
    (the ones not made yet): computed and stored once."""
    from .models import VersionComparison

    earlier = {
        v.version: v
        for v in published.plan.published_versions.exclude(pk=published.pk).defer(*STORED_BYTES)
    }
    done = set(
        VersionComparison.objects.filter(new=published).values_list("old__version", flat=True)
    )
    new_text = kept_text(published)
    made = []
    for version in earlier_versions(earlier, published.version):
        if version in done:
            continue
        old = earlier[version]
        comparison, _created = VersionComparison.objects.get_or_create(
            new=published, old=old, defaults={"diff": compare(kept_text(old), new_text)}
        )
        made.append(comparison)
    return made


# --- on the public site ------------------------------------------------------------------------


def changes_path(version_url: str, old: str | None = None) -> str:
    """`…/versjon/<new>/endringer/[<old>/]` from the new version's address."""
    path = f"{version_url}{CHANGES_SEGMENT}/"
    return f"{path}{old}/" if old else path


def earlier_versions(versions, version: str) -> list:
    """The versions (strings) before `version`, newest first."""
    key = parse_version(version)
    return sorted((v for v in versions if parse_version(v) < key), key=parse_version, reverse=True)


def ops_html(ops) -> str:
    """Operations as HTML: <ins>/<del> with words a screen reader says, not only a colour."""
    inserted, removed = _("Satt inn:"), _("Fjernet:")
    parts = []
    for op, text in ops:
        if op == INSERTED:
            parts.append(
                format_html('<ins><span class="ds-sr-only">{} </span>{}</ins>', inserted, text)
            )
        elif op == REMOVED:
            parts.append(
                format_html('<del><span class="ds-sr-only">{} </span>{}</del>', removed, text)
            )
        else:
            parts.append(format_html("{}", text))
    return mark_safe("".join(parts))  # noqa: S308 - each part escaped above


def _field_labels():
    from .models import PlanPage

    labels = {name: PlanPage._meta.get_field(name).verbose_name for name in PLAN_FIELDS}
    labels["title"] = _("Tittel")  # Wagtail's own label has no catalogue in every language
    return labels


def _block_labels():
    from .blocks import ChapterBodyBlock

    return {name: block.label for name, block in ChapterBodyBlock().child_blocks.items()}


def serve_changes(request, plan, version: str, old_version: str | None):
    """The changes from an older kept version (default: the one before) to `version`."""
    from core.http_cache import make_immutable, make_private
    from core.visibility import is_public

    from .models import VersionComparison
    from .versions import IMMUTABLE_MAX_AGE, refused, version_path

    kept = {v.version: v for v in plan.published_versions.defer(*STORED_BYTES, "kept_text")}
    new = kept.get(version)
    if new is None:
        raise Http404
    earlier = earlier_versions(kept, version)
    if old_version is None:
        if not earlier:
            raise Http404
        old_version = earlier[0]
    if old_version not in earlier:
        raise Http404
    old = kept[old_version]
    answer, chapters_restricted = refused(request, plan, [new, old])
    if answer is not None:
        return answer
    comparison = VersionComparison.objects.filter(new=new, old=old).first()
    plan_url = plan.get_url(request)
    context = {
        "plan": plan,
        "new": new,
        "old": old,
        "plan_url": plan_url,
        "new_url": version_path(plan_url, new.version) if new.is_rendered else None,
        "old_url": version_path(plan_url, old.version) if old.is_rendered else None,
        "comparison": comparison,
    }
    if comparison is not None:
        context.update(_laid_out(comparison.diff))
    response = HttpResponse(
        render_to_string("plan_pages/version_changes.html", context, request=request)
    )
    if comparison is None or chapters_restricted or not is_public(plan, request):
        # Until the worker has computed it, kept by no cache, so the result shows at once;
        # and never kept anywhere when served past a view restriction (the plan's, checked
        # by Wagtail before `serve`, or a chapter's).
        return make_private(response)
    return make_immutable(response, max_age=IMMUTABLE_MAX_AGE)


def _laid_out(diff: dict) -> dict:
    field_labels, block_labels = _field_labels(), _block_labels()
    fields = [
        {"label": field_labels.get(f["name"], f["name"]), "html": ops_html(f["ops"])}
        for f in diff["fields"]
    ]
    chapters = []
    for chapter in diff["chapters"]:
        chapters.append(
            {
                **chapter,
                "title_html": ops_html(chapter["title"]),
                "title_changed": is_changed(chapter["title"]),
                "intro_html": ops_html(chapter["intro"]),
                "intro_changed": is_changed(chapter["intro"]),
                "blocks": [
                    {
                        **block,
                        "label": block_labels.get(block["type"], block["type"]),
                        "html": ops_html(block["ops"]),
                    }
                    for block in chapter["blocks"]
                ],
            }
        )
    from .models import ChapterPage

    return {
        "fields": fields,
        "chapters": chapters,
        "summary": diff["summary"],
        "intro_label": ChapterPage._meta.get_field("intro").verbose_name,
    }
