from django.utils.http import urlencode
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import BaseChooser
from wagtail.models import Locale, TranslatableMixin

from core.forms import ChangeNoteFormMixin


class SameLocaleChoicesMixin:
    """Choices of translatable objects come from the edited object's own language.

    A Norwegian measure chooses Norwegian goal areas and actors, an Arabic one
    Arabic ones: every field relating to a translatable model is limited to the
    instance's locale (so a choice from another language is a form error), and
    its chooser opens on that locale (Wagtail's snippet chooser `locale` filter).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = self._edited_locale()
        if locale is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None or not issubclass(queryset.model, TranslatableMixin):
                continue
            field.queryset = queryset.filter(locale=locale)
            widget = field.widget
            if isinstance(widget, BaseChooser):
                modal_url = widget.get_chooser_modal_url()
                widget.get_chooser_modal_url = lambda url=modal_url, code=locale.language_code: (
                    f"{url}?{urlencode({'locale': code})}"
                )

    def _edited_locale(self):
        if getattr(self.instance, "locale_id", None):
            return self.instance.locale
        return Locale.get_default() if self.instance._state.adding else None


class PlanSnippetForm(SameLocaleChoicesMixin, ChangeNoteFormMixin, WagtailAdminModelForm):
    """A snippet of the plan, plus a note on what this draft changes; its choices of other
    snippets come from its own language."""
