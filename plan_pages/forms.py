from wagtail.admin.forms import WagtailAdminPageForm

from core.forms import ChangeNoteFormMixin


class PlanContentPageForm(ChangeNoteFormMixin, WagtailAdminPageForm):
    """Page form of the plan's pages: the content, plus a note on what this draft changes."""
