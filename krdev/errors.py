"""Errors raised when data or parameters are wrong.

Every error names the culprit: the file, the line (the header is line 1), the column and the
value, so a reader can open the file and find the problem without a debugger. Nothing is
repaired or dropped silently: the first problem stops the load.
"""

from __future__ import annotations


class KrdevError(Exception):
    """Base class of every error this package raises on purpose."""


class DataError(KrdevError):
    """A data file does not match what the data package says about it."""

    def __init__(self, message: str, *, path=None, line=None, column=None, value=None):
        self.path, self.line, self.column, self.value = path, line, column, value
        where = []
        if path is not None:
            where.append(str(path))
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column '{column}'")
        prefix = ", ".join(where)
        suffix = f" (value: {value!r})" if value is not None else ""
        super().__init__(f"{prefix}: {message}{suffix}" if prefix else f"{message}{suffix}")


class MetadataError(DataError):
    """``datapackage.json`` itself is missing, unreadable or names an unknown resource."""


class MissingFileError(DataError):
    """A resource's file is not on disk."""


class EmptyFileError(DataError):
    """A resource's file has no bytes or no header."""


class HashMismatchError(DataError):
    """The file's SHA-256 differs from the one recorded in ``datapackage.json``."""


class RawChangeError(DataError):
    """A raw file differs from the checksum recorded in ``data/raw/SHA256SUMS`` (or is new, or gone),
    and the change was not declared with ``python -m krdev data accept``."""


class EncodingError(DataError):
    """The file is not plain UTF-8 (a byte-order mark, cp949/EUC-KR bytes, ...)."""


class ColumnError(DataError):
    """The header has missing, extra or re-ordered columns."""


class RaggedRowError(DataError):
    """A row has a different number of fields from the header (often a truncated file)."""


class UnparseableValueError(DataError):
    """A cell cannot be read as the type the schema declares."""


class MissingValueError(DataError):
    """A required cell is empty."""


class ConstraintError(DataError):
    """A value breaks a schema constraint (minimum, maximum, enumeration, pattern)."""


class DuplicateKeyError(DataError):
    """Two rows share the same primary key."""


class UnknownRegionCodeError(DataError):
    """A region code belongs to neither code system."""


class WrongCodeSystemError(DataError):
    """A region code belongs to the other code system (KOSTAT vs MOIS) than the column declares."""


class VintageError(DataError):
    """Frames of different regional-accounts vintages (base year or release) were to be combined."""


class OutputError(KrdevError):
    """An output cannot be written where asked (protected, existing, unwritable), or an execution
    did not produce a complete notebook."""


class ParameterError(KrdevError, ValueError):
    """A notebook parameter is unknown, of the wrong type or out of range."""
