"""The forms approvers fill in: a decision record, or a reason for rejecting."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The decision date as approvers read and type it (dd.mm.åååå).
DATE_FORMAT = "%d.%m.%Y"


class ApprovalDecisionForm(forms.Form):
    """What a decision record needs; its fields reach the task's `on_action`."""

    decision_date = forms.DateField(
        label=_("Vedtaksdato"),
        initial=timezone.localdate,
        help_text=_("Datoen organet fattet vedtaket (dd.mm.åååå)."),
        input_formats=[DATE_FORMAT, "%Y-%m-%d"],
        # Shown as the help text names it, whatever the locale's first input format.
        widget=forms.DateInput(format=DATE_FORMAT),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå, for eksempel 17.05.2026.")},
    )
    case_reference = forms.CharField(
        label=_("Saksnummer eller møtereferanse"),
        required=False,
        max_length=100,
        help_text=_("Valgfritt, for eksempel «PS 12/2025»."),
    )
    comment = forms.CharField(
        label=_("Endring"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_(
            "Hva som er endret, slik det skal stå i dokumenthistorikken. "
            "Står feltet tomt, brukes innsenderens endringsnotat."
        ),
    )
    new_major_version = forms.BooleanField(
        label=_("Ny hovedversjon"),
        required=False,
        help_text=_(
            "Kryss av ved vedtak av en ny plan (for eksempel ny planperiode): 1.4 blir 2.0. "
            "Gjelder bare det siste trinnet."
        ),
    )

    def clean_decision_date(self):
        decision_date = self.cleaned_data["decision_date"]
        if decision_date > timezone.localdate():
            raise forms.ValidationError(_("Vedtaksdatoen kan ikke være frem i tid."))
        return decision_date


class RejectionForm(forms.Form):
    comment = forms.CharField(
        label=_("Begrunnelse"),
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Innsenderen får se begrunnelsen."),
    )
