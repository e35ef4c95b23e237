"""The enrolment's QR code, drawn here as SVG: the secret never leaves the server."""

from base64 import b32encode

import qrcode
from qrcode.image.svg import SvgPathImage


def qr_svg(data: str) -> str:
    """`data` as an inline SVG QR code (black on white, scaled by CSS)."""
    image = qrcode.make(data, image_factory=SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def readable_secret(device) -> str:
    """The device's key as authenticator apps take it typed in: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
