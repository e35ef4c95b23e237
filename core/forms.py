"""Form parts that several apps' edit forms share."""

from django import forms
from django.utils.translation import gettext_lazy as _

# The attribute of the saved object that carries the note to its new revision
# (moderation.signal_handlers.on_revision_saved).
CHANGE_NOTE_ATTRIBUTE = "change_note"


class ChangeNoteFormMixin(forms.Form):
    """An edit form's note on what this draft changes; approvers see it, the history quotes it."""

    change_note = forms.CharField(
        label=_("Endringsnotat"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_(
            "Hva endrer du, og hvorfor? Følger utkastet til behandling og "
            "blir teksten i dokumenthistorikken."
        ),
    )

    def save(self, commit=True):
        instance = super().save(commit=commit)
        setattr(instance, CHANGE_NOTE_ATTRIBUTE, self.cleaned_data.get("change_note", ""))
        return instance
