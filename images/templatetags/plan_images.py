"""An image that cannot be rendered is left out, not shown as a broken picture.

`{% image %}` answers a source it cannot use (its file missing, or over the pixel limit:
images.pixels) with an empty "not-found" picture; a figure asks first, with
`{% rendition_or_none image "width-960" as rendition %}`, and draws nothing (not even its
caption) without one, or `{% img_tag rendition alt=… %}`: the same <img> as `{% image %}`.
"""

from django import template
from wagtail.images.shortcuts import get_rendition_or_not_found

register = template.Library()


@register.simple_tag
def rendition_or_none(image, spec: str):
    rendition = get_rendition_or_not_found(image, spec)
    return rendition if rendition.width else None


@register.simple_tag
def img_tag(rendition, **attributes):
    return rendition.img_tag(attributes)
