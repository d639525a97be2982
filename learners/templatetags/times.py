"""`{{ moment|when }}`: a time in the person's own zone, always labelled with that zone.

"31 Jan 2030, 17:00 (Europe/Paris)"; `when:"seconds"` adds the seconds (attempt times). The
`<time>` element carries the exact instant for machines and screen readers' date handling.
"""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

register = template.Library()

FORMATS = {"": "j M Y, H:i", "seconds": "j M Y, H:i:s"}


@register.filter
def when(moment: datetime | None, detail: str = ""):
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    text = date_format(local, FORMATS.get(detail, FORMATS[""]))
    return format_html(
        '<time datetime="{}">{} ({})</time>',
        local.isoformat(),
        text,
        timezone.get_current_timezone_name(),
    )


@register.simple_tag
def current_zone() -> str:
    """The zone times on this page are shown in, e.g. for a form's help text."""
    return timezone.get_current_timezone_name()
