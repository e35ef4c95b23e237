from wagtail.admin.forms import WagtailAdminModelForm

from moderation.forms import ChangeNoteFormMixin


class PlanSnippetForm(ChangeNoteFormMixin, WagtailAdminModelForm):
    """A snippet of the plan, plus a note on what this draft changes."""
