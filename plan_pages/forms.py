from wagtail.admin.forms import WagtailAdminPageForm

from moderation.forms import change_note_field


class PlanContentPageForm(WagtailAdminPageForm):
    """Page form of the plan's pages: the content, plus a note on what this draft changes."""

    change_note = change_note_field()
