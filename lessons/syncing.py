"""The one rule for loading content rows (lessons, questions, drills) from their files.

Each content app turns its files into rows keyed by a stable id (a lesson's slug, a question's id, a
drill's slug), then hands them to `content_rows_sync`, which decides for every row:

- **created**: the id is new;
- **updated**: the row differs from the file in what the app compares (its content hash, its place,
  or every field), or it had been retired and is back in the files;
- **unchanged**: nothing compared differs, so nothing is written (a second sync writes nothing);
- **retired**: the id is in no file any more. Its row is hidden (`is_active = False`), never deleted,
  so the learners' history that points at it survives.

What differs between the apps stays with them: the key, which fields count as a change, and what an
update does besides copying the values (a question's version goes up when its content changes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


def content_rows_sync(
    *,
    model: type[models.Model],
    key: str,
    rows: Mapping[str, dict],
    compare: Iterable[str] | None = None,
    before_update: Callable[[models.Model, dict], None] | None = None,
) -> SyncReport:
    """Make `model`'s table match `rows` ({key value: field values}, in file order).

    `compare` names the fields whose difference makes an update (default: every field given);
    a retired row always counts as changed. `before_update(row, values)` runs on a changed row
    before the values are copied onto it. Call inside a transaction.
    """
    report = SyncReport()
    existing = {getattr(row, key): row for row in model._default_manager.all()}
    for key_value, values in rows.items():
        values = {**values, "is_active": True}
        row = existing.pop(key_value, None)
        if row is None:
            model._default_manager.create(**{key: key_value}, **values)
            report.created.append(key_value)
            continue
        compared = values.keys() if compare is None else [*compare, "is_active"]
        if all(_same(row, name, values[name]) for name in compared):
            report.unchanged.append(key_value)
            continue
        if before_update is not None:
            before_update(row, values)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        report.updated.append(key_value)
    for row in existing.values():
        if row.is_active:
            row.is_active = False
            row.save(update_fields=["is_active", "updated_at"])
            report.retired.append(getattr(row, key))
    return report


def _same(row: models.Model, name: str, value: object) -> bool:
    if isinstance(value, models.Model):  # compare a foreign key by id, without fetching the row
        return getattr(row, f"{name}_id") == value.pk
    return getattr(row, name) == value
