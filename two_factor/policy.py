"""Who owes a second factor, and what it is."""

from django.conf import settings
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def is_required(user) -> bool:
    """Whether `user` must have a second factor: a superuser when superusers must, or a member
    of a group named in PLANPORTAL_2FA_REQUIRED_GROUPS (read per request, never cached)."""
    if user.is_superuser and settings.PLANPORTAL_2FA_REQUIRED_FOR_SUPERUSERS:
        return True
    groups = settings.PLANPORTAL_2FA_REQUIRED_GROUPS
    return bool(groups) and user.groups.filter(name__in=groups).exists()


def has_second_factor(user) -> bool:
    """Whether `user` has a confirmed device (an authenticator app or recovery codes)."""
    return user_has_device(user, confirmed=True)


def authenticator(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
    return device.token_set.count() if device else 0


def remove_second_factor(user) -> int:
    """Delete every device of `user` (confirmed or not); every session of theirs that gave the
    second factor owes it again. Returns how many devices were deleted."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)
