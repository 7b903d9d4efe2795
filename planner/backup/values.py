"""How a column's stored value is written into an archive and read back (docs/backup-format.md).

Values are written as the database stores them, not as the models present them: an enum is
its stored string, a set of enums the comma-separated string it is kept as. That is what
makes an archive the same bytes whichever database it came from.
"""

import base64
import json
import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

# The archive format this code writes and the newest it reads.
FORMAT = 1


class BackupError(Exception):
    """A backup or restore refused, with a message that says why and what to do."""


def storage_type(type_: sa.types.TypeEngine) -> sa.types.TypeEngine:
    """The type a column's values have in the database itself (an enum is its string)."""
    if isinstance(type_, sa.types.TypeDecorator):
        return storage_type(type_.impl_instance)
    if isinstance(type_, sa.Enum):
        return sa.String(type_.length)
    return type_


def canonical_json(data: Any) -> bytes:
    """JSON with one spelling for one value: sorted keys, no spaces, UTF-8, a final newline."""
    text = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    return (text + "\n").encode()


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def encode(value: Any, type_: sa.types.TypeEngine, where: str) -> Any:
    """A stored value as JSON: see docs/backup-format.md for each type."""
    if value is None:
        return None
    if isinstance(type_, sa.Boolean):
        return bool(value)
    if isinstance(type_, sa.Integer):
        return int(value)
    if isinstance(type_, sa.Float):
        return float(value)
    if isinstance(type_, sa.Numeric):
        number = Decimal(value)
        if type_.scale is not None:
            number = number.quantize(Decimal(1).scaleb(-type_.scale))
        return format(number, "f")
    if isinstance(type_, sa.DateTime):
        if type_.timezone:
            return _utc(value).isoformat(timespec="microseconds")
        return value.replace(tzinfo=None).isoformat(timespec="microseconds")
    if isinstance(type_, sa.Date):
        return value.isoformat()
    if isinstance(type_, sa.Time):
        return value.isoformat(timespec="microseconds")
    if isinstance(type_, sa.String):
        return str(value)
    if isinstance(type_, sa.LargeBinary):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(type_, sa.JSON):
        return value
    if isinstance(type_, sa.Uuid):
        return str(value)
    raise BackupError(
        f"The column {where} has the type {type_!r}, which the backup format does not know; "
        "add it to planner/backup/values.py and docs/backup-format.md."
    )


def decode(value: Any, type_: sa.types.TypeEngine) -> Any:
    """The Python value to insert for a value read from an archive (the inverse of `encode`)."""
    if value is None:
        return None
    if isinstance(type_, sa.Boolean):
        if not isinstance(value, bool):
            raise ValueError(f"{value!r} is not true or false")
        return value
    if isinstance(type_, sa.Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{value!r} is not an integer")
        return value
    if isinstance(type_, sa.Float):
        return float(value)
    if isinstance(type_, sa.Numeric):
        return Decimal(value)
    if isinstance(type_, sa.DateTime):
        parsed = datetime.fromisoformat(value)
        return parsed if type_.timezone else parsed.replace(tzinfo=None)
    if isinstance(type_, sa.Date):
        return date.fromisoformat(value)
    if isinstance(type_, sa.Time):
        return time.fromisoformat(value)
    if isinstance(type_, sa.String):
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a string")
        return value
    if isinstance(type_, sa.LargeBinary):
        return base64.b64decode(value, validate=True)
    if isinstance(type_, sa.Uuid):
        return uuid.UUID(value)
    return value
