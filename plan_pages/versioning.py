"""The plan's version rule (see README, "Versions").

A version is `major.minor`. A draft round keeps the version; each approval
step records the version it approved; the final approval, and an editorial
publish outside the workflow, raise the minor number; a final approval
marked as a new main version raises the major number and resets the minor.
"""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

VERSION_PATTERN = re.compile(r"^(\d+)\.(\d+)$")

validate_version = RegexValidator(
    VERSION_PATTERN, _("Versjonen skrives som hovednummer.undernummer, for eksempel 1.3.")
)


def parse_version(version: str) -> tuple[int, int]:
    match = VERSION_PATTERN.match(version or "")
    if not match:
        raise ValueError(f"Not a major.minor version: {version!r}")
    return int(match.group(1)), int(match.group(2))


def next_version(version: str, *, major: bool = False) -> str:
    major_number, minor_number = parse_version(version)
    if major:
        return f"{major_number + 1}.0"
    return f"{major_number}.{minor_number + 1}"
