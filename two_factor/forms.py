"""The code a user types: from the authenticator app, or a recovery code."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

WRONG_CODE = _("The code is wrong or has expired. Enter the code your app shows now.")
WRONG_RECOVERY_CODE = _("The recovery code is wrong or has already been used.")
THROTTLED = _("Too many wrong codes. Wait a little and try again.")


class _DeviceCodeForm(forms.Form):
    """A code checked against one device, which accepts it once (django-otp's verify_token:
    a TOTP code is not accepted twice, a recovery code is deleted) and slows down guessing
    (each wrong code doubles the wait before the next is checked)."""

    field_name = "code"

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code_value(self, value: str) -> str:
        return "".join(value.split())

    def verified(self, value: str):
        # Errors are raised after the transaction: the wrong code's throttle count must stay.
        with transaction.atomic():
            device = type(self.device).objects.select_for_update().get(pk=self.device.pk)
            allowed, _details = device.verify_is_allowed()
            accepted = allowed and device.verify_token(value)
        if not allowed:
            raise forms.ValidationError(THROTTLED, code="throttled")
        if not accepted:
            raise forms.ValidationError(self.wrong_message, code="wrong")
        self.device = device
        return value


class AuthenticatorCodeForm(_DeviceCodeForm):
    """A code from the authenticator app (a TOTPDevice, confirmed or being enrolled)."""

    wrong_message = WRONG_CODE
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("The six digits the app shows for this site."),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        value = self.clean_code_value(self.cleaned_data["code"])
        if not value.isdigit():
            raise forms.ValidationError(
                _("Enter the code as digits only, as your app shows it."), code="digits"
            )
        return self.verified(value)


class RecoveryCodeForm(_DeviceCodeForm):
    """One of the user's one-time recovery codes (their StaticDevice)."""

    wrong_message = WRONG_RECOVERY_CODE
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("One of the recovery codes you saved. Each works only once."),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_recovery_code(self):
        return self.verified(self.clean_code_value(self.cleaned_data["recovery_code"]).lower())


def device_forms(user, data=None):
    """The verify step's forms for `user`'s confirmed devices: (app form, recovery form), each
    None when the user has no such device. Only the form whose field was posted is bound."""
    totp = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    static = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    posted = data or {}
    app_form = recovery_form = None
    if totp:
        bound = data if "code" in posted else None
        app_form = AuthenticatorCodeForm(bound, device=totp, prefix=None)
    if static:
        bound = data if "recovery_code" in posted else None
        recovery_form = RecoveryCodeForm(bound, device=static)
    return app_form, recovery_form
