from wagtail.admin.forms import WagtailAdminModelForm

from moderation.forms import ChangeNoteFormMixin


class MeasureForm(ChangeNoteFormMixin, WagtailAdminModelForm):
    """A measure, plus a note on what this draft changes."""
