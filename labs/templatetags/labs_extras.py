"""Template filters for lab pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def decimal_size(size: int | float) -> str:
    """Bytes in decimal units (1 MB = 1,000,000 bytes), as the lessons write them: 240 MB, 909 bytes."""
    size = float(size or 0)
    for unit, factor in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= factor:
            return f"{size / factor:,.1f} {unit}".replace(".0 ", " ")
    return f"{int(size):,} bytes"
