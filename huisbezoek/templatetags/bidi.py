"""Isolate text a person typed (a name) from the text around it, for right-to-left scripts.

A name in Arabic or Hebrew, or one holding a stray direction character, can reorder the
punctuation and words next to it. ``{{ family.name|bdi }}`` wraps the escaped value in
``<bdi>``, which lets the browser (and WeasyPrint) lay out its direction on its own. Use it in
page text only: never inside an HTML attribute, a ``<title>``, an e-mail or a text message.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def bdi(value: object) -> SafeString:
    """``value`` escaped and isolated in a ``<bdi>`` element."""
    return format_html("<bdi>{}</bdi>", "" if value is None else value)
