"""Keep the author's change note with the revision it describes."""

from wagtail import hooks

from plan_pages.models import HistoryEntry

from .history import EDITORIAL_PREFIX
from .models import RevisionNote

NOTE_FIELD = "change_note"


def save_change_note(request, obj):
    note = request.POST.get(NOTE_FIELD, "").strip()
    revision = getattr(obj, "latest_revision", None)
    if note and revision is not None:
        RevisionNote.objects.update_or_create(revision=revision, defaults={"text": note})
        # A direct publish wrote its history row before this hook ran (Wagtail
        # publishes, then calls the hook): give that row the author's words.
        HistoryEntry.objects.filter(revision=revision, change__startswith=EDITORIAL_PREFIX).update(
            change=EDITORIAL_PREFIX + note
        )


# Pages and snippets alike: the hook receives (request, object) after the save.
for hook_name in (
    "after_create_page",
    "after_edit_page",
    "after_create_snippet",
    "after_edit_snippet",
):
    hooks.register(hook_name, save_change_note)
