"""Bad input gets a specific error that names the culprit, and nothing is silently repaired.

Each case corrupts a private copy of the data package, re-records the file's hash where the case is
about content (so the check under test is reached), and asserts the exact error type and that the
message names the file and, where it applies, the line, column and value.
"""

from __future__ import annotations

import json

import pytest

from krdev import data
from krdev import errors as E
from tests.conftest import rehash

MOVERS = "processed/movers.csv"
POP = "processed/population_registered.csv"


def _lines(directory, rel):
    return (directory / rel).read_text(encoding="utf-8").splitlines(keepends=True)


def _write(directory, rel, lines, name):
    (directory / rel).write_text("".join(lines), encoding="utf-8")
    rehash(directory, name)


def _replace_cell(directory, rel, name, line_no, column, value):
    lines = _lines(directory, rel)
    header = lines[0].rstrip("\n").split(",")
    cells = lines[line_no - 1].rstrip("\n").split(",")
    cells[header.index(column)] = value
    lines[line_no - 1] = ",".join(cells) + "\n"
    _write(directory, rel, lines, name)


def _load_error(directory, name, kind):
    with pytest.raises(kind) as info:
        data.load(name, directory)
    return str(info.value)


def test_missing_file(data_copy):
    (data_copy / POP).unlink()
    msg = _load_error(data_copy, "population_registered", E.MissingFileError)
    assert "population_registered.csv" in msg


def test_hash_mismatch_names_expected_and_actual(data_copy):
    with open(data_copy / POP, "a", encoding="utf-8") as handle:
        handle.write("2020,11,Seoul,1\n")
    msg = _load_error(data_copy, "population_registered", E.HashMismatchError)
    expected = data.resource("population_registered", data_copy)["hash"].removeprefix("sha256:")
    assert expected in msg and data.sha256(data_copy / POP) in msg


def test_truncated_file(data_copy):
    raw = (data_copy / MOVERS).read_bytes()
    (data_copy / MOVERS).write_bytes(raw[: len(raw) // 2])  # cut mid-row
    rehash(data_copy, "movers")
    msg = _load_error(data_copy, "movers", E.RaggedRowError)
    assert "movers.csv" in msg and "line" in msg


def test_cp949_encoding(data_copy):
    text = (data_copy / "raw/regions/sido_crosswalk.csv").read_text(encoding="utf-8")
    (data_copy / "raw/regions/sido_crosswalk.csv").write_bytes(text.encode("cp949"))
    rehash(data_copy, "regions")
    msg = _load_error(data_copy, "regions", E.EncodingError)
    assert "cp949" in msg and "line 2" in msg


def test_byte_order_mark(data_copy):
    raw = (data_copy / POP).read_bytes()
    (data_copy / POP).write_bytes(b"\xef\xbb\xbf" + raw)
    rehash(data_copy, "population_registered")
    msg = _load_error(data_copy, "population_registered", E.EncodingError)
    assert "byte-order mark" in msg


def test_empty_file(data_copy):
    (data_copy / POP).write_bytes(b"")
    rehash(data_copy, "population_registered")
    assert "empty" in _load_error(data_copy, "population_registered", E.EmptyFileError)


def test_header_only(data_copy):
    lines = _lines(data_copy, POP)
    _write(data_copy, POP, lines[:1], "population_registered")
    assert "no rows" in _load_error(data_copy, "population_registered", E.EmptyFileError)


def test_duplicate_key_names_both_lines(data_copy):
    lines = _lines(data_copy, POP)
    _write(data_copy, POP, lines + [lines[5]], "population_registered")
    msg = _load_error(data_copy, "population_registered", E.DuplicateKeyError)
    assert f"line {len(lines) + 1}" in msg and "first seen on line 6" in msg


def test_negative_count(data_copy):
    _replace_cell(data_copy, POP, "population_registered", 4, "population", "-5")
    msg = _load_error(data_copy, "population_registered", E.ConstraintError)
    assert "line 4" in msg and "'population'" in msg and "'-5'" in msg


def test_non_numeric_cell(data_copy):
    _replace_cell(data_copy, MOVERS, "movers", 10, "movers", "12,3O0".replace(",", ""))
    msg = _load_error(data_copy, "movers", E.UnparseableValueError)
    assert "line 10" in msg and "'movers'" in msg and "123O0" in msg


def test_missing_required_value(data_copy):
    _replace_cell(data_copy, POP, "population_registered", 7, "population", "")
    msg = _load_error(data_copy, "population_registered", E.MissingValueError)
    assert "line 7" in msg and "'population'" in msg


def test_extra_column(data_copy):
    lines = [line.rstrip("\n") + ",x\n" for line in _lines(data_copy, POP)]
    lines[0] = lines[0].replace(",x\n", ",extra\n")
    _write(data_copy, POP, lines, "population_registered")
    msg = _load_error(data_copy, "population_registered", E.ColumnError)
    assert "unexpected column(s) ['extra']" in msg


def test_missing_column(data_copy):
    lines = [",".join(line.rstrip("\n").split(",")[:-1]) + "\n" for line in _lines(data_copy, POP)]
    _write(data_copy, POP, lines, "population_registered")
    assert "missing column(s) ['population']" in _load_error(data_copy, "population_registered", E.ColumnError)


def test_out_of_range_year(data_copy):
    _replace_cell(data_copy, POP, "population_registered", 3, "year", "2031")
    msg = _load_error(data_copy, "population_registered", E.ConstraintError)
    assert "line 3" in msg and "'year'" in msg and "maximum" in msg


def test_unknown_region_code(data_copy):
    _replace_cell(data_copy, POP, "population_registered", 2, "sido_code", "99")
    msg = _load_error(data_copy, "population_registered", E.UnknownRegionCodeError)
    assert "line 2" in msg and "'sido_code'" in msg and "'99'" in msg


def test_mois_code_in_kostat_column(data_copy):
    """41 is Gyeonggi-do's MOIS code; it is no KOSTAT code at all."""
    lines = _lines(data_copy, POP)
    line_no = next(i for i, line in enumerate(lines, 1) if ",31,Gyeonggi-do," in line)
    _replace_cell(data_copy, POP, "population_registered", line_no, "sido_code", "41")
    msg = _load_error(data_copy, "population_registered", E.WrongCodeSystemError)
    assert "MOIS" in msg and f"line {line_no}" in msg


def test_swapped_code_system_colliding_code(data_copy):
    """Busan written with its MOIS code 26 in a KOSTAT column: 26 is a valid KOSTAT code (Ulsan)."""
    lines = _lines(data_copy, POP)
    line_no = next(i for i, line in enumerate(lines, 1) if ",21,Busan," in line)
    _replace_cell(data_copy, POP, "population_registered", line_no, "sido_code", "26")
    msg = _load_error(data_copy, "population_registered", E.WrongCodeSystemError)
    assert "Busan's MOIS code" in msg and "in which Busan is 21" in msg


def test_kostat_code_in_mois_column(data_copy):
    """Movers from Busan with origin written as KOSTAT 21: no MOIS code 21 exists."""
    lines = _lines(data_copy, MOVERS)
    header = lines[0].strip().split(",")
    line_no = next(i for i, line in enumerate(lines, 1) if line.split(",")[header.index("origin_mois_code")] == "26")
    _replace_cell(data_copy, MOVERS, "movers", line_no, "origin_mois_code", "21")
    msg = _load_error(data_copy, "movers", E.WrongCodeSystemError)
    assert "KOSTAT" in msg and "'origin_mois_code'" in msg


def test_reordered_columns(data_copy):
    lines = _lines(data_copy, POP)
    swapped = []
    for line in lines:
        cells = line.rstrip("\n").split(",")
        cells[0], cells[1] = cells[1], cells[0]
        swapped.append(",".join(cells) + "\n")
    _write(data_copy, POP, swapped, "population_registered")
    assert "order" in _load_error(data_copy, "population_registered", E.ColumnError)


def test_unknown_resource_lists_known_names(data_copy):
    with pytest.raises(E.MetadataError) as info:
        data.load("populaton_registered", data_copy)
    assert "population_registered" in str(info.value)


def test_broken_descriptor(data_copy):
    (data_copy / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(E.MetadataError) as info:
        data.load("regions", data_copy)
    assert "datapackage.json" in str(info.value)


def test_nothing_is_overwritten_by_a_failed_load(data_copy):
    before = (data_copy / POP).read_bytes()
    _replace_cell(data_copy, POP, "population_registered", 4, "population", "-5")
    corrupted = (data_copy / POP).read_bytes()
    with pytest.raises(E.ConstraintError):
        data.load("population_registered", data_copy)
    assert (data_copy / POP).read_bytes() == corrupted != before
    assert json.loads((data_copy / "datapackage.json").read_text())  # descriptor intact
