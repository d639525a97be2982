"""Template filters for the course pages."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str):
    """Look a key up in a dict: Django templates cannot index with a variable."""
    return mapping.get(key) if mapping else None
