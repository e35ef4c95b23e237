"""Norwegian phone numbers: validation and `tel:` links, on libphonenumber's data."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import shortnumberinfo

REGION = "NO"


def parse_norwegian_phone_number(value: str) -> phonenumbers.PhoneNumber | None:
    """The parsed number if `value` is a valid Norwegian number (full or short), else None."""
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != phonenumbers.country_code_for_region(REGION):
        return None
    if phonenumbers.is_valid_number_for_region(number, REGION):
        return number
    if shortnumberinfo.is_valid_short_number_for_region(number, REGION):
        return number
    return None


def validate_norwegian_phone_number(value: str) -> None:
    if parse_norwegian_phone_number(value) is None:
        raise ValidationError(
            _(
                "«%(value)s» er ikke et gyldig norsk telefonnummer. Bruk et nummer med "
                "8 sifre (for eksempel 954 42 020) eller et gyldig kortnummer (for eksempel 116 111)."
            ),
            code="invalid_phone_number",
            params={"value": value},
        )


def format_tel_href(value: str) -> str:
    """`tel:` link for a number: international form for full numbers, digits for short ones."""
    number = parse_norwegian_phone_number(value)
    if number is None:
        return ""
    if phonenumbers.is_valid_number_for_region(number, REGION):
        return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return "tel:" + phonenumbers.national_significant_number(number)
