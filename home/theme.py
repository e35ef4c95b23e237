"""The adviser's theme colour as Designsystemet's accent colour, with WCAG AA contrast.

Designsystemet 1.x themes by CSS custom properties: each colour (accent, neutral,
…) is a scale `--ds-color-<colour>-<role>` that `data-color` selects, and
`--ds-color-accent-*` is the default. The site keeps Designsystemet's generated
theme and overrides the accent roles that carry the brand: buttons (base), links
(text-subtle) and strong borders. The colour is used as text and as a background
under white text, on white and on the header's and footer's tinted grey, so it
must reach `MINIMUM_CONTRAST` against each of `BACKGROUNDS`.
"""

MINIMUM_CONTRAST = 4.5  # WCAG 2.1 AA, 1.4.3, normal text
# Where the colour is read: page background, and the neutral tint of header and footer
# (--ds-color-neutral-background-tinted in Designsystemet's light theme). White
# is also the text colour on buttons of this colour.
BACKGROUNDS = {"#ffffff": "hvit", "#f3f3f4": "bunnfeltets grå"}


def _channels(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour written #rrggbb."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_failures(colour: str) -> list[tuple[str, float]]:
    """(background name, ratio) for each background the colour is too light on."""
    failures = []
    for background, name in BACKGROUNDS.items():
        ratio = contrast_ratio(colour, background)
        if ratio < MINIMUM_CONTRAST:
            failures.append((name, ratio))
    return failures


def darker(colour: str, amount: float) -> str:
    """`colour` mixed with black: hover and active states, with more contrast still."""
    return "#" + "".join(f"{round(c * (1 - amount)):02x}" for c in _channels(colour))


def accent_properties(colour: str) -> dict[str, str]:
    """Designsystemet's accent custom properties for a theme colour (no colour: none)."""
    if not colour:
        return {}
    colour = colour.lower()
    return {
        "--ds-color-accent-base-default": colour,
        "--ds-color-accent-base-hover": darker(colour, 0.2),
        "--ds-color-accent-base-active": darker(colour, 0.35),
        "--ds-color-accent-base-contrast-default": "#ffffff",
        "--ds-color-accent-text-subtle": colour,
        "--ds-color-accent-border-default": colour,
        "--ds-color-accent-border-strong": darker(colour, 0.2),
    }
