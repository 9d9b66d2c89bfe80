"""The data package: find a resource, verify its hash, validate it against its schema, load it.

Every notebook reads data through :func:`load`. The metadata lives in ``data/datapackage.json``
(a Frictionless Data Package, :cite:`frictionless`), written by ``make data`` from
:mod:`krdev.catalog`. A load

1. finds the resource in the package (:class:`MetadataError` if the name is unknown),
2. checks the file exists and that its SHA-256 is the recorded one,
3. reads it as strict UTF-8 (no byte-order mark, no cp949),
4. checks the header, every row's length, every cell's type and constraints, the primary key,
   and region codes against the code system the column declares (KOSTAT or MOIS),

and raises an error from :mod:`krdev.errors` that names file, line, column and value at the first
problem. Nothing is coerced, repaired or dropped.

:func:`check` (run before any notebook executes) also compares the descriptor with the catalogue it
is generated from (same resources, schemas and text) and every raw file with the checksum recorded
for it in ``data/raw/SHA256SUMS``; a raw file may change only when the change is declared with
``python -m krdev data accept FILE`` (:func:`krdev.build_data.accept`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from krdev.errors import (
    ColumnError,
    ConstraintError,
    DuplicateKeyError,
    EmptyFileError,
    EncodingError,
    HashMismatchError,
    MetadataError,
    MissingFileError,
    MissingValueError,
    RaggedRowError,
    RawChangeError,
    UnknownRegionCodeError,
    UnparseableValueError,
    VintageError,
    WrongCodeSystemError,
)

from krdev.paths import REPO_ROOT, data_dir  # noqa: F401  (re-exported)

NATIONAL_CODE = "00"
RAW_CHECKSUMS = "SHA256SUMS"  # in data/raw, in the format of `sha256sum` (check with `sha256sum -c`)



def set_pandas_options() -> None:
    """Tables rendered with pandas' Styler reach the pages as HTML: escape the text of every cell, as
    DataFrame tables already are, so a value in a data file can never become markup on a page (set
    when this module is imported)."""
    pd.set_option("styler.format.escape", "html")


set_pandas_options()


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, as lowercase hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_package(directory: Path | None = None) -> dict:
    """The parsed ``datapackage.json`` of ``directory`` (default :func:`data_dir`)."""
    directory = Path(directory) if directory else data_dir()
    path = directory / "datapackage.json"
    if not path.exists():
        raise MetadataError("data package descriptor not found; run `make data`", path=path)
    stat = path.stat()
    return _read_package_cached(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_package_cached(path: str, mtime_ns: int, size: int) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MetadataError(f"cannot parse the data package descriptor: {exc}", path=path) from exc


def resource(name: str, directory: Path | None = None) -> dict:
    """The descriptor of resource ``name``; :class:`MetadataError` lists the known names."""
    package = read_package(directory)
    for res in package["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(sorted(r["name"] for r in package["resources"]))
    raise MetadataError(f"unknown resource {name!r}; known resources: {known}")


def resource_names(directory: Path | None = None) -> list[str]:
    """Names of all resources in the package, in package order."""
    return [r["name"] for r in read_package(directory)["resources"]]


def shown(path: Path) -> str:
    """``path`` relative to the repository when inside it (as a contributor types it)."""
    path = Path(path)
    return str(path.relative_to(REPO_ROOT)) if path.is_absolute() and path.is_relative_to(REPO_ROOT) else str(path)


def verify_hash(res: dict, path: Path, directory: Path | None = None) -> None:
    """Raise :class:`HashMismatchError` unless ``path`` has the SHA-256 recorded in ``res``; the
    message says which of the file and the descriptor disagrees with what (a raw file's recorded
    checksum in ``data/raw/SHA256SUMS`` is the third witness; a processed file is rebuilt from raw)."""
    expected = res.get("hash", "").removeprefix("sha256:")
    actual = sha256(path)
    if expected == actual:
        return
    name = res.get("name", "?")
    head = f"datapackage.json records SHA-256 {expected} for resource {name!r}, but the file's is {actual}"
    rel = str(res.get("path", ""))
    if rel.startswith("raw/"):
        directory = Path(directory) if directory else data_dir()
        recorded = read_raw_checksums(directory).get(rel.removeprefix("raw/"))
        if recorded == actual:
            why = (f"; the file matches its recorded checksum in raw/{RAW_CHECKSUMS}, so the descriptor is wrong "
                   "(edited by hand or stale): regenerate it with `make data`")
        elif recorded == expected:
            why = (f"; the descriptor agrees with raw/{RAW_CHECKSUMS}, so the file changed: restore it "
                   f"(`git checkout -- {shown(path)}`), or if the change is intended declare it with "
                   f"`python -m krdev data accept {shown(path)}`")
        else:
            why = f"; neither matches raw/{RAW_CHECKSUMS} ({recorded or 'no checksum recorded'}): compare with `git diff`"
    else:
        size, recorded_size = path.stat().st_size, res.get("bytes")
        changed = f" (it has {size} bytes, the descriptor records {recorded_size})" if recorded_size not in (None, size) else ""
        why = (f"; the file or the descriptor changed after `make data` wrote them{changed}: rebuild both from the "
               "checksummed raw files with `make data`")
    raise HashMismatchError(head + why, path=path)


# ---------------------------------------------------------------- raw files and their checksums


def raw_files(directory: Path | None = None) -> list[Path]:
    """Every data file under ``raw/`` (the notes ``*.md`` and the checksum list aside)."""
    raw = (Path(directory) if directory else data_dir()) / "raw"
    return sorted(p for p in raw.rglob("*") if p.is_file() and p.suffix != ".md" and p.name != RAW_CHECKSUMS
                  and not any(part.startswith(".") for part in p.relative_to(raw).parts))


def read_raw_checksums(directory: Path | None = None) -> dict[str, str]:
    """``{path relative to raw/: sha256}`` as recorded in ``raw/SHA256SUMS`` (empty if absent)."""
    path = (Path(directory) if directory else data_dir()) / "raw" / RAW_CHECKSUMS
    if not path.exists():
        return {}
    sums = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        digest, _, name = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not name:
            raise MetadataError("not a line of `sha256sum` output", path=path, line=number, value=line)
        sums[name] = digest
    return sums


def write_raw_checksums(sums: dict[str, str], directory: Path | None = None) -> None:
    """Write ``raw/SHA256SUMS`` (sorted; atomically)."""
    path = (Path(directory) if directory else data_dir()) / "raw" / RAW_CHECKSUMS
    temporary = path.with_name(f".{RAW_CHECKSUMS}.{id(sums)}.tmp")
    temporary.write_text("".join(f"{sums[k]}  {k}\n" for k in sorted(sums)), encoding="utf-8")
    temporary.replace(path)


def verify_raw(directory: Path | None = None) -> int:
    """Raise :class:`RawChangeError`, naming every file, if a raw file differs from its recorded
    checksum, has none, or is recorded but gone. Returns the number of files verified."""
    directory = Path(directory) if directory else data_dir()
    raw = directory / "raw"
    recorded = read_raw_checksums(directory)
    if not recorded:
        raise RawChangeError(f"no checksums recorded for the raw files; record them with "
                             f"`python -m krdev data accept {shown(raw)}`", path=raw / RAW_CHECKSUMS)
    problems, found = [], set()
    for path in raw_files(directory):
        rel = path.relative_to(raw).as_posix()
        found.add(rel)
        actual = sha256(path)
        if rel not in recorded:
            problems.append((path, f"{shown(path)} is new (no recorded checksum)"))
        elif recorded[rel] != actual:
            problems.append((path, f"{shown(path)} changed (recorded {recorded[rel][:12]}…, found {actual[:12]}…)"))
    for rel in sorted(set(recorded) - found):
        problems.append((raw / rel, f"{shown(raw / rel)} is recorded but missing"))
    if problems:
        listed = "; ".join(text for _, text in problems)
        names = " ".join(shown(p) for p, _ in problems)
        raise RawChangeError(
            f"raw files differ from their recorded checksums: {listed}. If the change is intended, declare it "
            f"with `python -m krdev data accept {names}`; otherwise restore the file(s) (`git checkout -- ...`)",
            path=problems[0][0])
    return len(found)


def check_descriptor(directory: Path | None = None) -> None:
    """Raise :class:`MetadataError` unless ``datapackage.json`` describes exactly the catalogue's
    resources, in its order, with its schemas and text (the size and hash aside), and the package
    fields :func:`krdev.build_data.package_fields` gives."""
    from krdev import catalog
    from krdev.build_data import package_fields

    directory = Path(directory) if directory else data_dir()
    path = directory / "datapackage.json"
    package = read_package(directory)
    fix = "; regenerate it from the catalogue with `make data`"
    for key, value in package_fields().items():
        if package.get(key) != value:
            raise MetadataError(f"the package field {key!r} differs from the catalogue's{fix}", path=path)
    expected = catalog.resources()
    have = package.get("resources", [])
    want_names, have_names = [r["name"] for r in expected], [r.get("name") for r in have]
    missing = [n for n in want_names if n not in have_names]
    extra = [n for n in have_names if n not in want_names]
    if missing or extra:
        parts = ([f"lacks resource(s) {missing} of the catalogue"] if missing else []) + \
                ([f"has resource(s) {extra} the catalogue does not define"] if extra else [])
        raise MetadataError(" and ".join(parts) + fix, path=path)
    if have_names != want_names:
        raise MetadataError(f"lists the resources in another order than the catalogue{fix}", path=path)
    for want, res in zip(expected, have):
        described = {k: v for k, v in res.items() if k not in ("bytes", "hash")}
        if described != want:
            keys = sorted(k for k in set(want) | set(described) if want.get(k) != described.get(k))
            raise MetadataError(f"resource {want['name']!r}: {', '.join(repr(k) for k in keys)} differ(s) from the "
                                f"catalogue{fix}", path=path)
        if not re.fullmatch(r"sha256:[0-9a-f]{64}", str(res.get("hash", ""))) or not isinstance(res.get("bytes"), int):
            raise MetadataError(f"resource {want['name']!r} lacks a well-formed hash or size{fix}", path=path)


# ---------------------------------------------------------------- reading and validating CSV


def _decode(raw: bytes, path: Path) -> str:
    if not raw.strip():
        raise EmptyFileError("file is empty", path=path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise EncodingError("file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM", path=path, line=1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("cp949")
            hint = "; the bytes decode as cp949/EUC-KR, so re-save the file as UTF-8"
        except UnicodeDecodeError:
            pass
        raise EncodingError(f"not valid UTF-8 at byte {exc.start}{hint}", path=path, line=line) from exc


def _rows(text: str, path: Path, fields: list[str]) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:  # pragma: no cover - _decode already rejects blank files
        raise EmptyFileError("file has no header", path=path)
    missing = [f for f in fields if f not in header]
    extra = [h for h in header if h not in fields]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s) {missing}")
        if extra:
            parts.append(f"unexpected column(s) {extra}")
        raise ColumnError("; ".join(parts) + f"; the schema expects {fields}", path=path, line=1)
    if header != fields:
        raise ColumnError(f"columns are in the order {header}; the schema expects {fields}", path=path, line=1)
    rows = []
    for row in reader:
        line = reader.line_num
        if len(row) != len(fields):
            raise RaggedRowError(
                f"row has {len(row)} field(s), the header has {len(fields)} (truncated or malformed row)",
                path=path, line=line, value=",".join(row),
            )
        rows.append(row)
    if not rows:
        raise EmptyFileError("file has a header but no rows", path=path)
    if not text.endswith("\n"):
        raise RaggedRowError("file does not end with a newline (truncated?)", path=path, line=len(rows) + 1)
    return rows


def _convert(value: str, field: dict, path: Path, line: int, missing=("",)):
    """Convert one cell; raise naming file, line, column and value."""
    name, kind = field["name"], field.get("type", "string")
    if value in missing:
        if field.get("constraints", {}).get("required"):
            raise MissingValueError("required value is missing", path=path, line=line, column=name)
        return None
    try:
        if kind == "integer":
            if not re.fullmatch(r"-?\d+", value):
                raise ValueError
            converted = int(value)
        elif kind == "number":
            converted = float(value)
            if math.isnan(converted) or math.isinf(converted):
                raise ValueError
        elif kind == "boolean":
            if value not in ("true", "false"):
                raise ValueError
            converted = value == "true"
        else:
            converted = value
    except ValueError:
        raise UnparseableValueError(f"cannot read as {kind}", path=path, line=line, column=name, value=value) from None
    constraints = field.get("constraints", {})
    if "minimum" in constraints and converted < constraints["minimum"]:
        raise ConstraintError(f"below the minimum {constraints['minimum']}", path=path, line=line, column=name, value=value)
    if "maximum" in constraints and converted > constraints["maximum"]:
        raise ConstraintError(f"above the maximum {constraints['maximum']}", path=path, line=line, column=name, value=value)
    if "enum" in constraints and converted not in constraints["enum"] and not field.get("krdev:codeSystem"):
        raise ConstraintError(f"not one of {constraints['enum']}", path=path, line=line, column=name, value=value)
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        raise ConstraintError(f"does not match the pattern {constraints['pattern']}", path=path, line=line, column=name, value=value)
    return converted


def _check_region_code(value, field, row: dict, path: Path, line: int, crosswalk: dict) -> None:
    """Check a region code against the code system its column declares (and its name column)."""
    if value is None:
        return
    system = field["krdev:codeSystem"]
    other = "mois" if system == "kostat" else "kostat"
    codes = crosswalk[system]
    if value == NATIONAL_CODE and field.get("krdev:allowNational"):
        return
    name_field = field.get("krdev:nameField")
    if value not in codes:
        if value in crosswalk[other]:
            raise WrongCodeSystemError(
                f"{value} is a {other.upper()} code ({crosswalk[other][value]}), but this column holds {system.upper()} codes",
                path=path, line=line, column=field["name"], value=value,
            )
        raise UnknownRegionCodeError(
            f"not a {system.upper()} 시도 code; valid codes: {sorted(codes)}",
            path=path, line=line, column=field["name"], value=value,
        )
    if name_field and row.get(name_field) not in (None, ""):
        canonical = crosswalk["aliases"].get(row[name_field], row[name_field])
        if canonical != codes[value]:
            right = {v: k for k, v in codes.items()}.get(canonical, "?")
            if crosswalk[other].get(value) == canonical:
                raise WrongCodeSystemError(
                    f"{value} is {canonical}'s {other.upper()} code, but this column holds {system.upper()} codes "
                    f"(in which {canonical} is {right})",
                    path=path, line=line, column=field["name"], value=value,
                )
            raise UnknownRegionCodeError(
                f"{system.upper()} code {value} is {codes[value]}, but column '{name_field}' says {row[name_field]!r}",
                path=path, line=line, column=field["name"], value=value,
            )


@lru_cache(maxsize=4)
def _crosswalk_from(path: str, mtime_ns: int) -> dict:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    aliases = {}
    for r in rows:
        for alias in (r["kosis_label_en"], r["name_ko"]):
            aliases[alias] = r["name_en"]
    aliases.update(CROSSWALK_EXTRA_ALIASES)
    return {
        "kostat": {r["kostat_code"]: r["name_en"] for r in rows},
        "mois": {r["mois_code"]: r["name_en"] for r in rows},
        "aliases": aliases,
    }


#: Other spellings of 시도 names found in the KOSIS exports, mapped to the crosswalk's ``name_en``.
CROSSWALK_EXTRA_ALIASES = {"Jeju": "Jeju", "Sejong_si": "Sejong", "Jeju-do": "Jeju"}


def crosswalk_codes(directory: Path | None = None) -> dict:
    """``{"kostat": {code: name}, "mois": {code: name}, "aliases": {...}}`` from the regions resource."""
    directory = Path(directory) if directory else data_dir()
    path = directory / resource("regions", directory)["path"]
    if not path.exists():
        raise MissingFileError("the region crosswalk is missing", path=path)
    return _crosswalk_from(str(path), path.stat().st_mtime_ns)


def validate_csv(path: Path, res: dict, directory: Path | None = None) -> pd.DataFrame:
    """Read ``path`` strictly against ``res['schema']`` and return a typed DataFrame."""
    path = Path(path)
    schema = res["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    rows = _rows(_decode(path.read_bytes(), path), path, names)
    region_fields = [f for f in fields if f.get("krdev:codeSystem")]
    crosswalk = crosswalk_codes(directory) if region_fields else None
    missing = tuple(schema.get("missingValues", [""]))
    columns = {n: [] for n in names}
    for offset, row in enumerate(rows):
        line = offset + 2
        record = dict(zip(names, row))
        for field, cell in zip(fields, row):
            value = _convert(cell, field, path, line, missing)
            if field.get("krdev:codeSystem"):
                _check_region_code(value, field, record, path, line, crosswalk)
            columns[field["name"]].append(value)
    key = schema.get("primaryKey")
    if key:
        key = [key] if isinstance(key, str) else key
        seen: dict[tuple, int] = {}
        for offset, row in enumerate(zip(*(columns[k] for k in key))):
            if row in seen:
                raise DuplicateKeyError(
                    f"duplicate primary key {dict(zip(key, row))}, first seen on line {seen[row]}",
                    path=path, line=offset + 2, column=",".join(key),
                )
            seen[row] = offset + 2
    frame = pd.DataFrame({n: _series(columns[n], f) for n, f in zip(names, fields)})
    return frame


def _series(values: list, field: dict) -> pd.Series:
    kind = field.get("type", "string")
    if kind == "integer":
        return pd.Series(values, dtype="Int64")
    if kind == "number":
        return pd.Series([math.nan if v is None else v for v in values], dtype="float64")
    if kind == "boolean":
        return pd.Series(values, dtype="boolean")
    return pd.Series(values, dtype="string")


def _read_validated(path: Path, res: dict, directory: Path):
    """The file read and validated (:func:`validate_csv`, or GDAL for GeoJSON/TopoJSON), kept for the
    process by the file's path, modification time and size, its resource description and, for
    tables with region codes, the crosswalk file's: a chapter that loads a table twice, or runs again
    in the same kernel for the other edition, validates it once. Callers get a copy."""
    stat = path.stat()
    crosswalk = ""
    if any(f.get("krdev:codeSystem") for f in res.get("schema", {}).get("fields", [])):
        regions = directory / resource("regions", directory)["path"]
        crosswalk = f"{regions}:{regions.stat().st_mtime_ns}" if regions.exists() else ""
    return _read_cached(str(path), stat.st_mtime_ns, stat.st_size, json.dumps(res, sort_keys=True),
                        str(directory), crosswalk)


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime_ns: int, size: int, res_json: str, directory: str, crosswalk: str):
    res = json.loads(res_json)
    if res.get("format") in ("geojson", "topojson"):  # GDAL reads both
        return _load_geojson(Path(path), res)
    return validate_csv(Path(path), res, Path(directory))


# ---------------------------------------------------------------- the public API


def load(name: str, directory: Path | None = None, *, verify: bool = True):
    """Load resource ``name`` as a validated DataFrame (GeoDataFrame for GeoJSON resources).

    The returned frame carries its metadata in ``frame.attrs``: ``resource``, ``title``,
    ``units`` (column -> unit), ``sources`` and ``license``.
    """
    directory = Path(directory) if directory else data_dir()
    res = resource(name, directory)
    path = directory / res["path"]
    if not path.exists():
        raise MissingFileError(f"file of resource {name!r} is missing", path=path)
    if verify:
        verify_hash(res, path, directory)
    frame = _read_validated(path, res, directory).copy(deep=True)
    frame.attrs.update(
        resource=name,
        title=res.get("title", name),
        units={f["name"]: f["krdev:unit"] for f in res.get("schema", {}).get("fields", []) if f.get("krdev:unit")},
        sources=res.get("sources", []),
        license=[lic.get("name") for lic in res.get("licenses", [])],
        vintage=res.get("krdev:vintage"),
        period=res.get("krdev:period"),
    )
    from krdev.figuredata import record_resource

    record_resource(name)  # "About this data" under each figure lists what the chapter loaded
    return frame


# ---------------------------------------------------------------- vintages of the regional accounts


def vintage(frame) -> dict | None:
    """The regional-accounts vintage a frame was loaded with (``krdev:vintage``), or None."""
    return frame.attrs.get("vintage")


def assert_same_vintage(*frames) -> dict | None:
    """Raise :class:`VintageError` unless all frames that carry a vintage carry the same one.

    Frames without a vintage (population, migration) combine with anything. Two regional-accounts
    series of different base years (2015 vs 2020) or different releases of one base are never joined,
    spliced or concatenated: chain-linked levels and revisions differ between vintages. Returns the
    common vintage (or None).
    """
    seen = {}
    for frame in frames:
        v = vintage(frame)
        if v:
            seen.setdefault(v["id"], (frame.attrs.get("resource", "?"), v))
    if len(seen) > 1:
        named = "; ".join(f"{res!r}: {v.get('label', key)}" for key, (res, v) in seen.items())
        raise VintageError(f"refusing to combine frames of different vintages ({named}); show them side by side, "
                           "each named, instead of as one series")
    return next(iter(seen.values()))[1] if seen else None


def _carry(out, common, frames):
    out.attrs.update({k: v for k, v in frames[0].attrs.items() if k in ("units", "sources", "license")})
    out.attrs["vintage"] = common
    out.attrs["resource"] = "+".join(str(f.attrs.get("resource", "?")) for f in frames)
    return out


def concat(frames, **kwargs) -> pd.DataFrame:
    """``pd.concat`` that refuses frames of different vintages (see :func:`assert_same_vintage`)."""
    frames = list(frames)
    common = assert_same_vintage(*frames)
    return _carry(pd.concat(frames, **kwargs), common, frames)


def merge(left, right, **kwargs) -> pd.DataFrame:
    """``pd.merge`` that refuses frames of different vintages (see :func:`assert_same_vintage`)."""
    common = assert_same_vintage(left, right)
    return _carry(pd.merge(left, right, **kwargs), common, [left, right])


# ---------------------------------------------------------------- "Data through YYYY"


class DataThrough(str):
    """The latest period of a chapter's main series, as text ("2024", "2025Q1"), with ``year``,
    ``period`` and ``vintage`` (the regional-accounts vintage label, or "")."""

    year: int
    period: str
    vintage: str

    def __new__(cls, year: int, period: str, vintage: str = ""):
        obj = super().__new__(cls, period)
        obj.year, obj.period, obj.vintage = int(year), period, vintage
        return obj

    @property
    def sentence(self) -> str:
        """"Data through 2024 (2020-base regional accounts, …)." for the line under a chapter title."""
        from krdev.i18n import gettext  # the line is in the edition's language (Korean: "2025년까지의 자료")

        return gettext("Data through {period}", period=self.period) + (f"; {self.vintage}" if self.vintage else "") + "."


def _latest(frame) -> tuple[int, str]:
    if "year" in frame.columns:
        years = frame["year"].dropna()
        if len(years):
            year = int(years.max())
            if "quarter" in frame.columns:
                quarter = int(frame.loc[frame["year"] == year, "quarter"].dropna().max())
                return year, f"{year}Q{quarter}"
            return year, str(year)
    period = frame.attrs.get("period")
    if period:
        return int(str(period)[:4]), str(period)
    raise MetadataError(f"cannot tell the latest year of {frame.attrs.get('resource', 'a frame')!r}: "
                        "it has no year column and its resource records no krdev:period")


def data_through(*series, directory: Path | None = None) -> DataThrough:
    """The latest period of a chapter's main series: the earliest of the latest periods of ``series``
    (frames from :func:`load`, or resource names), so that "Data through" holds for all of them.

    ``str(result)`` is the period ("2024", "2025Q1"); ``result.year`` the year; ``result.vintage`` the
    regional-accounts vintage label where the series carry one (several vintages are listed, joined by
    " and "); ``result.sentence`` the line to glue under the chapter title.
    """
    if not series:
        raise ValueError("data_through() needs at least one frame or resource name")
    frames = [load(s, directory) if isinstance(s, str) else s for s in series]
    latest = [_latest(f) for f in frames]
    year, period = min(latest, key=lambda yp: (yp[0], yp[1]))
    labels = []
    for f in frames:
        v = vintage(f)
        if v and v.get("label") not in labels:
            labels.append(v.get("label"))
    return DataThrough(year, period, " and ".join(labels))


def _load_geojson(path: Path, res: dict):
    import geopandas as gpd

    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types
        raise UnparseableValueError(f"cannot read as {res.get('format', 'geojson')}: {exc}", path=path) from exc
    expected = [f["name"] for f in res["schema"]["fields"]]
    have = [c for c in frame.columns if c != "geometry"]
    if have != expected:
        raise ColumnError(f"properties are {have}; the schema expects {expected}", path=path)
    return frame


def _validation_key(res: dict) -> str:
    """What a successful validation depends on: the file's recorded hash and the resource's schema."""
    schema = json.dumps(res.get("schema", {}), sort_keys=True)
    return res.get("hash", "") + ":" + hashlib.sha256(schema.encode()).hexdigest()[:16]


def check(directory: Path | None = None, cache_file: Path | None = None) -> list[tuple[str, int, str]]:
    """Validate every resource; return ``(name, rows, path)`` for each, raising at the first error.

    Every file's SHA-256 is verified on every call, first the descriptor against the catalogue
    (:func:`check_descriptor`) and the raw files against their recorded checksums (:func:`verify_raw`).
    With ``cache_file``, a resource whose hash and schema were already validated successfully is not
    parsed again (the build's no-op path).
    """
    directory = Path(directory) if directory else data_dir()
    check_descriptor(directory)
    verify_raw(directory)
    cache = {}
    if cache_file and Path(cache_file).exists():
        try:
            cache = json.loads(Path(cache_file).read_text())
        except (OSError, ValueError):  # a cache interrupted while written: validate again
            cache = {}
    report, validated = [], {}
    for name in resource_names(directory):
        res = resource(name, directory)
        key = _validation_key(res)
        if cache.get(name, {}).get("key") == key:
            path = directory / res["path"]
            if not path.exists():
                raise MissingFileError(f"file of resource {name!r} is missing", path=path)
            verify_hash(res, path, directory)
            rows = cache[name]["rows"]
        else:
            rows = len(load(name, directory))
        validated[name] = {"key": key, "rows": rows}
        report.append((name, rows, res["path"]))
    if cache_file:
        Path(cache_file).parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(cache_file).with_name(f".{Path(cache_file).name}.tmp")
        temporary.write_text(json.dumps(validated, indent=1))
        temporary.replace(cache_file)
    return report
