from wagtail.admin.forms import WagtailAdminModelForm

from moderation.forms import change_note_field


class MeasureForm(WagtailAdminModelForm):
    """A measure, plus a note on what this draft changes."""

    change_note = change_note_field()
