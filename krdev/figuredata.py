"""The data behind every figure and table: "Data (CSV)", "About this data" and a data-table disclosure.

One place generates them for the whole book (the model is Our World in Data's grapher, which offers
each chart's data and sources; here the CSV also reproduces the chart exactly):

- In the notebook, :class:`krdev.charts.Figure` (and :class:`krdev.charts.Table`) call
  :func:`apparatus_html`, which derives from the chart's Vega-Lite specification the rows and
  columns it draws (:func:`chart_table`: every dataset, only the fields the chart references, with
  readable headers and units) and describes where they come from (:func:`provenance`: the data
  package resources loaded by the chapter — recorded by :func:`krdev.data.load` — their official
  source tables, vintage, license and retrieval date, and the chapter parameters in force —
  recorded by :func:`krdev.params.validate`). The CSV and a Frictionless-style descriptor travel in
  the output as a JSON payload.
- In the book build, the Sphinx hook :func:`setup` takes each payload out of the page, writes
  ``_static/data/figures/<chapter>/<figure>.csv`` and ``.json`` and points the page's "Data (CSV)"
  link at them with a relative URL (works offline). The page keeps a collapsed ``<details>``
  data table for keyboard and screen-reader users.
- :func:`chart_from_csv` rebuilds the specification from the CSV and its descriptor, so a test can
  render both and compare them.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

#: Resources loaded (in order) and parameters validated in this kernel; a chapter is one kernel.
_LOADED: list[str] = []
_PARAMETERS: dict = {}
#: Rows shown in the on-page data table; the CSV always has every row.
TABLE_ROWS = 60
PAYLOAD_CLASS = "krdev-figure-payload"
CSV_PLACEHOLDER = "#krdev-csv"
JSON_PLACEHOLDER = "#krdev-json"
KOSIS_TABLE = re.compile(r"\b(?:DT_[0-9A-Za-z_]+|(?<=tblId=)[0-9A-Za-z_]+)")
DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def record_resource(name: str) -> None:
    """Remember that this chapter loaded resource ``name`` (called by :func:`krdev.data.load`)."""
    if name not in _LOADED:
        _LOADED.append(name)


def record_parameters(params: dict) -> None:
    """Remember the chapter parameters in force (called by :func:`krdev.params.validate`)."""
    _PARAMETERS.clear()
    _PARAMETERS.update(params)


def reset() -> None:
    """Forget the resources loaded and the parameters recorded by an earlier run of a chapter in this
    kernel (:func:`krdev.runner.execute_passes` calls it before running the chapter again for the
    other edition, so that its figures list what this run loads, as in a fresh kernel). This module's
    ``_LOADED`` and ``_PARAMETERS`` are the package's only state kept between cells (tested)."""
    _LOADED.clear()
    _PARAMETERS.clear()


def loaded_resources() -> list[str]:
    return list(_LOADED)


def parameters_in_force() -> dict:
    return dict(_PARAMETERS)


# ------------------------------------------------------------------ what the chart draws


FIELD_KEYS = {"field", "fields", "groupby", "fold", "key"}
DATUM = re.compile(r"datum\.([A-Za-z_][A-Za-z0-9_]*)|datum\[['\"]([^'\"]+)['\"]\]")


def _references(node, found: set) -> set:
    """Every field name referenced in an encoding or transform (including ``datum.x`` expressions)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in FIELD_KEYS:
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        found.update({item, item.split(".")[0]})
            if isinstance(value, str) and "datum" in value:
                found.update(a or b for a, b in DATUM.findall(value))
            _references(value, found)
    elif isinstance(node, list):
        for item in node:
            _references(item, found)
    return found


def _titles(node, titles: dict) -> dict:
    """field -> first non-empty title given to it by an encoding channel (axis, legend, tooltip)."""
    if isinstance(node, dict):
        field, title = node.get("field"), node.get("title")
        if isinstance(field, str) and title and field not in titles:
            titles[field] = " ".join(title) if isinstance(title, list) else str(title)
        for value in node.values():
            _titles(value, titles)
    elif isinstance(node, list):
        for item in node:
            _titles(item, titles)
    return titles


def _mark(view: dict) -> str:
    mark = view.get("mark")
    return mark.get("type", "") if isinstance(mark, dict) else str(mark or "")


def hoist_inline(spec: dict) -> dict:
    """A copy of ``spec`` whose inline ``{"values": [...]}`` data are named datasets (``inline-N``)."""
    import copy

    spec = copy.deepcopy(spec)
    datasets = spec.setdefault("datasets", {})

    def walk(node):
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and "values" in data and isinstance(data["values"], list):
                name = f"inline-{len([k for k in datasets if k.startswith('inline-')]) + 1}"
                datasets[name] = data.pop("values")
                data["name"] = name
            for key, value in node.items():
                if key != "datasets":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return spec


def _dataset_uses(spec: dict) -> dict:
    """dataset name -> {"marks": [...], "fields": set} for every named or inline dataset of ``spec``."""
    uses: dict[str, dict] = {}
    inline: dict[str, list] = {}

    def name_of(data) -> str | None:
        if not isinstance(data, dict):
            return None
        if "name" in data:
            return data["name"]
        if "values" in data:
            key = f"inline-{len(inline)}"
            inline[key] = data["values"]
            return key
        return None  # a URL (boundaries served by the site): not the chart's own data

    def visit(view: dict, inherited: str | None, context: list) -> None:
        own = name_of(view.get("data")) if "data" in view else None
        current = own or inherited
        scope = context + [{k: view[k] for k in ("transform", "encoding", "params", "facet") if k in view}]
        for transform in view.get("transform", []) or []:
            lookup = transform.get("from") if "lookup" in transform else None
            if lookup:
                target = name_of(lookup.get("data"))
                if target:
                    entry = uses.setdefault(target, {"marks": [], "fields": set()})
                    entry["fields"].update([lookup.get("key"), *(lookup.get("fields") or [])])
                    entry["fields"].update(_references(view.get("encoding", {}), set()))
                    if _mark(view):
                        entry["marks"].append(_mark(view))
        children = [c for key in ("layer", "hconcat", "vconcat", "concat") for c in view.get(key, []) or []]
        if "spec" in view:
            children.append(view["spec"])
        if "mark" in view and current:
            entry = uses.setdefault(current, {"marks": [], "fields": set()})
            entry["marks"].append(_mark(view))
            entry["fields"].update(_references(scope, set()))
        for child in children:
            visit(child, current, scope)

    visit(spec, None, [])
    datasets = dict(spec.get("datasets", {}))
    datasets.update(inline)
    return {name: {**use, "values": datasets[name]} for name, use in uses.items()
            if name in datasets and not _is_geometry(datasets[name])}


def _is_geometry(rows) -> bool:
    """GeoJSON features or a TopoJSON/GeoJSON object: a base map, not the chart's statistics."""
    if isinstance(rows, dict):
        return True
    return bool(rows) and all(isinstance(r, dict) and ("geometry" in r or r.get("type") in ("Feature", "Sphere"))
                              for r in rows)


def _columns_in_order(rows: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def _kind(values: list) -> str:
    """Frictionless field type of a column's values."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "number"
    return "string"


def chart_table(spec: dict, units: dict | None = None) -> tuple[list[dict], list[dict]]:
    """The rows and columns a Vega-Lite chart draws: ``(rows, columns)``.

    Every dataset the chart uses (its own data, layers' data, ``lookup`` tables joined to shared
    boundaries) contributes its rows; only the fields the chart references are kept. Each column
    is ``{"name": readable header, "field", "type", "unit"}``: the header is the title the chart
    gives the field (axis, legend or tooltip), with its unit from the data package when the title
    does not state one. With more than one dataset, a first column ``layer`` names the marks each
    row feeds ("line", "rule, text", ...), so the CSV rebuilds every layer.
    """
    units = units or {}
    spec = hoist_inline(spec)
    uses = _dataset_uses(spec)
    titles = _titles(spec, {})
    layers, labels = [], _labels(uses)
    for name, use in uses.items():
        label = labels[name]
        keep = [c for c in _columns_in_order(use["values"]) if c in use["fields"]]
        layers.append((name, label, keep, use["values"]))
    fields = list(dict.fromkeys(c for _, _, keep, _ in layers for c in keep))
    columns, headers = [], set()
    for field in fields:
        header = titles.get(field, field)
        unit = units.get(field)
        if unit and unit.lower() not in header.lower():
            header = f"{header} ({unit})"
        if header in headers or header == "layer":
            header = f"{header} [{field}]"
        headers.add(header)
        values = [row.get(field) for _, _, keep, rows in layers if field in keep for row in rows]
        columns.append({"name": header, "field": field, "type": _kind(values), "missingValues": _missing(values),
                        **({"unit": unit} if unit else {})})
    multi = len(layers) > 1
    rows = []
    for name, label, keep, values in layers:
        for row in values:
            out = {"layer": label} if multi else {}
            out.update({c["name"]: row.get(c["field"]) for c in columns if c["field"] in keep})
            rows.append(out)
    if multi:
        columns.insert(0, {"name": "layer", "field": None, "type": "string",
                           "description": "which marks of the chart the row feeds"})
    for column in columns:
        column["datasets"] = [labels[n] for n, _, keep, _ in layers if column["field"] in keep] if column["field"] else []
    return rows, columns


def dataset_labels(spec: dict) -> dict:
    """dataset name -> the ``layer`` label :func:`chart_table` gives its rows."""
    return _labels(_dataset_uses(hoist_inline(spec)))


def _labels(uses: dict) -> dict:
    labels: dict[str, str] = {}
    for name, use in uses.items():
        label = ", ".join(dict.fromkeys(m for m in use["marks"] if m)) or "data"
        if label in labels.values():
            label = f"{label} ({sum(v.startswith(label) for v in labels.values()) + 1})"
        labels[name] = label
    return labels


def _missing(values: list) -> list[str]:
    """Frictionless ``missingValues`` of a column: an empty cell is null, unless the column holds
    empty strings and no nulls (then an empty cell is the empty string)."""
    return [] if "" in values and None not in values else [""]


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


def to_csv(rows: list[dict], columns: list[dict]) -> str:
    """CSV text (UTF-8, header row, floats written exactly, missing values empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [c["name"] for c in columns]
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(n)) for n in names])
    return out.getvalue()


def read_csv(text: str, columns: list[dict]) -> list[dict]:
    """Rows of a figure CSV typed by its descriptor's columns (the inverse of :func:`to_csv`)."""
    kinds = {c["name"]: c["type"] for c in columns}
    missing = {c["name"]: c.get("missingValues", [""]) for c in columns}
    convert = {"integer": int, "number": float, "boolean": lambda s: s == "true", "string": str}
    rows = []
    for record in csv.DictReader(io.StringIO(text)):
        rows.append({k: (None if v in missing[k] else convert[kinds[k]](v)) for k, v in record.items()})
    return rows


def chart_from_csv(spec: dict, text: str, columns: list[dict]) -> dict:
    """``spec`` with every dataset replaced by the rows read back from its CSV (for the round-trip test)."""
    rows = read_csv(text, columns)
    fields = {c["name"]: c["field"] for c in columns if c["field"]}
    labels = dataset_labels(spec)
    rebuilt = hoist_inline(spec)
    multi = any(c["name"] == "layer" for c in columns)
    datasets = rebuilt.setdefault("datasets", {})
    for name, label in labels.items():
        mine = [r for r in rows if not multi or r["layer"] == label]
        wanted = {c["name"] for c in columns if label in c.get("datasets", [])}
        values = [{fields[k]: v for k, v in r.items() if k in wanted} for r in mine]
        datasets[name] = values
    return rebuilt


# --------------------------------------------------------------------------- provenance


def _source_notes(res: dict, package: dict, root: Path) -> tuple[Path | None, str]:
    """The SOURCE.md of ``res`` (for a processed resource: of the raw resource it was built from,
    recognised by identical sources and caveats) and its text."""
    notes = res.get("krdev:sourceNotes")
    if not notes:
        for other in package.get("resources", []):
            if (other.get("krdev:kind") == "raw" and other.get("krdev:sourceNotes")
                    and other.get("sources") == res.get("sources") and other.get("krdev:caveats")
                    and other.get("krdev:caveats") == res.get("krdev:caveats")):
                notes = other["krdev:sourceNotes"]
                break
    path = root / notes if notes else None
    return path, (path.read_text(encoding="utf-8") if path and path.exists() else "")


def _retrieved(res: dict, notes: str, shared: bool = False) -> str:
    """Retrieval date(s): the descriptor's ``krdev:retrieved``, else the dates in SOURCE.md's retrieval
    paragraph ("retrieved 2023-11-18", "KOSIS download of 2025-06-26"), else the date the files were
    brought into the package."""
    if res.get("krdev:retrieved"):
        return str(res["krdev:retrieved"])
    match = None if shared else re.search(r"retrieved (?:on )?(\d{4}-\d{2}-\d{2})", notes, re.I)
    if match:
        return match.group(1)
    # a SOURCE.md shared by several resources may date each differently: only its common date is used
    paragraph = None if shared else re.search(r"^- \*\*Retriev[^\n]*(?:\n(?!- \*\*)[^\n]*)*", notes, re.M)
    dates = list(dict.fromkeys(DATE.findall(paragraph.group(0)))) if paragraph else []
    if dates:
        return ", ".join(dates)
    brought = re.search(r"brought into the (?:package|repository)[^\n]*?(\d{4}-\d{2}-\d{2})", notes, re.I)
    return f"{brought.group(1)} (brought into the data package)" if brought else ""


def _vintage(res: dict) -> str:
    vintage = res.get("krdev:vintage")
    if isinstance(vintage, dict) and vintage.get("label"):
        return str(vintage["label"])
    if isinstance(vintage, dict):
        return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in vintage.items() if v not in (None, "", []))
    return str(vintage or "")


def _table_ids(res: dict, notes: str, shared: bool = False) -> list[str]:
    """KOSIS table IDs named by the descriptor's sources, else by the publisher line of SOURCE.md
    (only when that SOURCE.md documents this resource alone: ``shared`` is False)."""
    found = []
    for source in res.get("sources", []):
        found += KOSIS_TABLE.findall(" ".join(str(source.get(k, "")) for k in ("title", "path", "krdev:tableId")))
    if not found and not shared:
        for line in notes.splitlines():
            if "table" in line.lower() or "publisher" in line.lower():
                found += KOSIS_TABLE.findall(line)
    return list(dict.fromkeys(found))


def provenance(names: list[str], directory: Path | None = None) -> list[dict]:
    """Where each resource comes from, read from the data package descriptor (and SOURCE.md)."""
    from krdev.data import read_package
    from krdev.paths import data_dir

    root = Path(directory) if directory else data_dir()
    package = read_package(root)
    by_name = {r["name"]: r for r in package.get("resources", [])}
    out = []
    for name in names:
        res = by_name.get(name)
        if res is None:
            continue
        path, notes = _source_notes(res, package, root)
        sharing = {r["name"] for r in package.get("resources", []) if r.get("krdev:kind") == "raw"
                   and path is not None and r.get("krdev:sourceNotes") and root / r["krdev:sourceNotes"] == path}
        out.append({
            "resource": name,
            "title": res.get("title", name),
            "sources": [{"title": s.get("title", ""), "path": s.get("path", "")} for s in res.get("sources", [])],
            "kosis_tables": _table_ids(res, notes, shared=len(sharing) > 1),
            "licenses": [{"title": lic.get("title", lic.get("name", "")), "path": lic.get("path", "")}
                         for lic in res.get("licenses", [])],
            "coverage": res.get("krdev:coverage", ""),
            "vintage": _vintage(res),
            "retrieved": _retrieved(res, notes, shared=len(sharing) > 1),
            "sha256": res.get("hash", "").removeprefix("sha256:"),
        })
    return out


def units_of(names: list[str], directory: Path | None = None) -> dict:
    """column -> unit declared by the loaded resources' schemas (first declaration wins)."""
    from krdev.data import read_package

    units: dict[str, str] = {}
    for res in read_package(directory).get("resources", []):
        if res["name"] in names:
            for f in res.get("schema", {}).get("fields", []):
                if f.get("krdev:unit"):
                    units.setdefault(f["name"], f["krdev:unit"])
    return units


# ------------------------------------------------------------------------------- HTML


def _link(title: str, path: str) -> str:
    text = html.escape(title)
    return f'<a href="{html.escape(path, quote=True)}">{text}</a>' if path.startswith("http") else text


def about_html(about: dict) -> str:
    """The body of "About this data": resources, source tables, vintage, license, retrieval, parameters."""
    items = []
    for res in about["resources"]:
        parts = [f"<strong>{html.escape(res['title'])}</strong> (<code>{html.escape(res['resource'])}</code>)"]
        sources = "; ".join(_link(s["title"], s["path"]) for s in res["sources"])
        if res["kosis_tables"]:
            urls = [s["path"] for s in res["sources"] if s["path"].startswith("http")]
            ids = ", ".join(_link(t, next((u for u in urls if f"tblId={t}" in u), "")) for t in res["kosis_tables"])
            sources += f"; KOSIS table{'s' if len(res['kosis_tables']) > 1 else ''} {ids}"
        parts.append(f"source: {sources}")
        if res["vintage"]:
            parts.append(f"vintage: {html.escape(res['vintage'])}")
        if res["coverage"]:
            parts.append(f"coverage: {html.escape(res['coverage'])}")
        if res["retrieved"]:
            parts.append(f"retrieved: {html.escape(res['retrieved'])}")
        parts.append("license: " + "; ".join(_link(lic["title"], lic["path"]) for lic in res["licenses"]))
        items.append("<li>" + " · ".join(parts) + "</li>")
    params = ", ".join(f"<code>{html.escape(k)}</code> = {html.escape(_param_text(v))}"
                       for k, v in about["parameters"].items())
    from krdev.i18n import _

    chart = about["kind"] == "chart"
    lead = (_("Computed from these resources of the book's data package:") if about.get("explicit") else
            _("Computed from the book's data package: the resources the chapter had loaded when it made this "
              "chart (it may use only some of them):") if chart else
            _("Computed from the book's data package: the resources the chapter had loaded when it made this "
              "table (it may use only some of them):"))
    rows = (_("The CSV has {rows} row(s): exactly the rows and columns the chart draws.", rows=about["rows"]) if chart
            else _("The CSV has {rows} row(s): exactly the rows and columns the table shows.", rows=about["rows"]))
    return (f'<p>{html.escape(lead)}</p>'
            f'<ul>{"".join(items)}</ul>'
            + (f"<p>{_('Chapter parameters in force: {params}.', params=params)}</p>" if params else "")
            + f'<p>{html.escape(rows)} '
              f'<a class="krdev-json" href="{JSON_PLACEHOLDER}">{_("Column descriptions (JSON)")}</a>.</p>')


def _param_text(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def table_html(rows: list[dict], columns: list[dict], caption: str, limit: int = TABLE_ROWS) -> str:
    """A plain, accessible HTML table of (at most ``limit``) rows."""
    head = "".join(f'<th scope="col">{html.escape(c["name"])}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(r.get(c['name'])))}</td>" for c in columns) + "</tr>"
                   for r in rows[:limit])
    note = (f"the first {limit} of {len(rows)} rows; every row is in the CSV" if len(rows) > limit
            else f"{len(rows)} rows")
    return (f'<div class="krdev-table-scroll"><table class="krdev-data-table"><caption>{html.escape(caption)} '
            f'({note})</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


def apparatus_html(rows: list[dict], columns: list[dict], *, title: str, kind: str = "chart",
                   resources: list[str] | None = None, parameters: dict | None = None, explicit: bool = False) -> str:
    """The links and disclosures under a figure, plus the payload the book build turns into files.

    A chart gets a collapsed data table (its numbers for keyboard and screen-reader users); a table
    is its own data table and gets none."""
    names = loaded_resources() if resources is None else list(resources)
    about = {"resources": provenance(names), "parameters": parameters_in_force() if parameters is None else parameters,
             "rows": len(rows), "kind": kind, "explicit": explicit}
    descriptor = {"title": title, "kind": kind, "columns": columns, **about}
    payload = json.dumps({"csv": to_csv(rows, columns), "descriptor": descriptor}, ensure_ascii=False,
                         sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    label = html.escape(title or kind)
    from krdev.i18n import _

    return (
        '<div class="krdev-figure-data">'
        f'<a class="krdev-csv" href="{CSV_PLACEHOLDER}" download>{_("Data (CSV)")}</a>'
        f'<details class="krdev-about"><summary>{_("About this data")}</summary>{about_html(about)}</details>'
        + (f'<details class="krdev-datatable"><summary>{_("Data table: {label}", label=label)}</summary>'
           f'{table_html(rows, columns, title or kind)}</details>' if kind == "chart" else "")
        + f'<script type="application/json" class="{PAYLOAD_CLASS}">{payload}</script>'
        "</div>"
    )


def chart_title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(title)
    for key in ("layer", "hconcat", "vconcat", "concat"):
        if not title and spec.get(key):
            title = chart_title(spec[key][0])
    if not title and isinstance(spec.get("spec"), dict):
        title = chart_title(spec["spec"])
    return str(title or "")


def figure_apparatus(spec: dict, resources: list[str] | None = None, parameters: dict | None = None,
                     title: str | None = None, explicit: bool = False) -> str:
    """:func:`apparatus_html` for a chart's Vega-Lite specification."""
    names = loaded_resources() if resources is None else list(resources)
    rows, columns = chart_table(spec, units_of(names))
    return apparatus_html(rows, columns, title=title or chart_title(spec) or "chart", kind="chart",
                          resources=names, parameters=parameters, explicit=explicit)


def frame_apparatus(frame, title: str, resources: list[str] | None = None, parameters: dict | None = None,
                    explicit: bool = False) -> str:
    """:func:`apparatus_html` for a table shown on the page (a DataFrame: its shown columns and rows)."""
    names = loaded_resources() if resources is None else list(resources)
    units = units_of(names)
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    columns = []
    for name in frame.columns:
        unit = units.get(name)
        header = f"{name} ({unit})" if unit and unit.lower() not in str(name).lower() else str(name)
        values = [r.get(name) for r in records]
        columns.append({"name": header, "field": str(name), "type": _kind(values), "missingValues": _missing(values),
                        **({"unit": unit} if unit else {})})
    rows = [{c["name"]: r.get(c["field"]) for c in columns} for r in records]
    return apparatus_html(rows, columns, title=title, kind="table", resources=names, parameters=parameters,
                          explicit=explicit)


CAPTION_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                 "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc")


def png_with_caption(png: bytes, text: str, scale: float = 2.0) -> bytes:
    """``png`` with ``text`` (wrapped to its width) printed in a white band below it (Noto Sans CJK)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.open(io.BytesIO(png)).convert("RGB")
    size = int(11 * scale)
    font_path = next((f for f in CAPTION_FONTS if Path(f).exists()), None)
    font = ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default()
    width = image.width - int(12 * scale)
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(trial) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    band = int(len(lines) * size * 1.4 + size)
    out = Image.new("RGB", (image.width, image.height + band), "white")
    out.paste(image, (0, 0))
    draw = ImageDraw.Draw(out)
    for i, line in enumerate(lines):
        draw.text((int(6 * scale), image.height + int(size * 0.4) + int(i * size * 1.4)), line, fill="#444", font=font)
    buffer = io.BytesIO()
    out.save(buffer, format="PNG")
    return buffer.getvalue()


# ------------------------------------------------------------------ the book build (Sphinx)


PAYLOAD = re.compile(r'<script type="application/json" class="' + PAYLOAD_CLASS + r'">(.*?)</script>', re.S)


def extract(html_text: str, write, name_for) -> str:
    """Replace every payload in ``html_text``: ``write(name, csv, descriptor) -> (csv_href, json_href)``
    stores the files; ``name_for(index, descriptor)`` names the n-th payload of the fragment."""
    out, last, index = [], 0, 0
    for match in PAYLOAD.finditer(html_text):
        payload = json.loads(match.group(1).replace("<\\/", "</"))
        csv_href, json_href = write(name_for(index, payload["descriptor"]), payload["csv"], payload["descriptor"])
        before = html_text[last:match.start()]
        before = before.replace(f'href="{CSV_PLACEHOLDER}"', f'href="{html.escape(csv_href, quote=True)}"')
        before = before.replace(f'href="{JSON_PLACEHOLDER}"', f'href="{html.escape(json_href, quote=True)}"')
        out.append(before)
        last, index = match.end(), index + 1
    out.append(html_text[last:])
    return "".join(out)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "figure"


def _doctree_resolved(app, doctree, docname) -> None:
    if app.builder.format != "html":
        return
    from docutils import nodes

    chapter = _slug(docname.split("/")[-1])
    target = Path(app.outdir) / "_static" / "data" / "figures" / chapter
    prefix = "../" * docname.count("/") + f"_static/data/figures/{chapter}/"
    counter: dict[str, int] = {}
    if target.is_dir():  # the page is being rewritten: its files are written again, stale ones go
        for old in list(target.glob("*.csv")) + list(target.glob("*.json")):
            old.unlink()

    def write(name, text, descriptor):
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{name}.csv").write_text(text, encoding="utf-8")
        descriptor = {"name": name, "path": f"{name}.csv", "chapter": chapter, **descriptor}
        (target / f"{name}.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
        return prefix + f"{name}.csv", prefix + f"{name}.json"

    for node in doctree.findall(nodes.raw):
        if PAYLOAD_CLASS not in node.astext():
            continue
        label = None
        parent = node.parent
        while parent is not None and label is None:
            if isinstance(parent, (nodes.figure, nodes.table)) or parent.get("ids") and parent.tagname != "section":
                label = next((i for i in parent.get("ids", []) if not i.startswith("id")), None)
            parent = parent.parent

        def name_for(index, descriptor, label=label):
            kind = descriptor.get("kind", "item")
            counter[kind] = counter.get(kind, 0) + 1  # unlabelled tables are table-1, table-2, ... in page order
            base = label or f"{kind}-{counter[kind]}"
            return _slug(base if index == 0 else f"{base}-{index + 1}")

        text = extract(node.astext(), write, name_for)
        node.children = [nodes.Text(text)]
        node.rawsource = text


CSS = Path(__file__).parent / "static" / "krdev-figuredata.css"


def _builder_inited(app) -> None:
    if app.builder.format == "html":
        app.add_css_file(CSS.name)


def _build_finished(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        import shutil

        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CSS, Path(app.outdir) / "_static" / CSS.name)


def _config_inited(app, config) -> None:
    import hashlib

    # pages must be rewritten when this module or its CSS change (Sphinx tracks configuration, not code)
    config.krdev_figuredata_digest = hashlib.sha256(Path(__file__).read_bytes() + CSS.read_bytes()).hexdigest()[:16]


def setup(app):
    app.add_config_value("krdev_figuredata_digest", "", "html")
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("doctree-resolved", _doctree_resolved)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
