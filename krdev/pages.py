"""Text generated from the data package metadata (the Data chapter's sections)."""

from __future__ import annotations

from krdev.data import REPO_ROOT

NOTEBOOKS = REPO_ROOT / "notebooks"

CHAPTER_TITLES = {
    "regions-at-a-glance": "Korea's regions at a glance",
    "capital-concentration": "Concentration in the capital region",
    "inequality-convergence": "Regional inequality and convergence",
    "balanced-policy": "The balanced-development policy re-examined",
    "industrial-specialisation": "Where Korean industry concentrates",
    "complexes-symbiosis": "Industrial complexes, cluster programmes and industrial symbiosis",
    "innovation-districts": "Innovation districts",
    "municipal-networks": "Korean governments in international municipal networks",
    "sister-cities": "Sister and friendship cities",
}


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def resource_section(res: dict, frame) -> str:
    """Markdown describing one resource: what, coverage, units, source, license, users, caveats."""
    fields = res.get("schema", {}).get("fields", [])
    units = [f"`{f['name']}`: {f['krdev:unit']}" for f in fields if f.get("krdev:unit")]
    sources = "; ".join(f"[{s['title']}]({s['path']})" if s.get("path", "").startswith("http") else s["title"]
                        for s in res.get("sources", []))
    licenses = ", ".join(lic.get("title", lic.get("name", "")) for lic in res.get("licenses", []))
    used = ", ".join(f"[{CHAPTER_TITLES.get(c, c)}]({c}.ipynb)" if (NOTEBOOKS / f"{c}.ipynb").exists()
                     else CHAPTER_TITLES.get(c, c) for c in res.get("krdev:usedBy", []))
    kind = "processed (built by `make data`)" if res.get("krdev:kind") == "processed" else "raw (as compiled)"
    lines = [
        f"### {_md_escape(res.get('title', res['name']))}",
        "",
        f"`{res['name']}` — {kind}, `data/{res['path']}`, {len(frame):,} rows, {res.get('bytes', 0):,} bytes.",
        "",
        _md_escape(res.get("description", "")),
        "",
        f"- **Coverage:** {res.get('krdev:coverage') or 'see the source notes'}",
        f"- **Units:** {'; '.join(units) if units else 'counts, codes and text as described in the schema'}",
        f"- **Source:** {sources}",
        f"- **License:** {licenses}",
        f"- **Used by:** {used or 'reference'}",
        f"- **SHA-256:** `{res.get('hash', '').removeprefix('sha256:')[:16]}…`",
    ]
    vintage = res.get("krdev:vintage")
    if vintage:
        provisional = ", ".join(str(y) for y in vintage.get("provisional_years", [])) or "none"
        base = f"{vintage['base_year']} base" if vintage.get("base_year") else "current prices, no base year"
        lines.append(f"- **Vintage:** {_md_escape(vintage.get('label', ''))} — {base}; release: "
                     f"{_md_escape(vintage.get('release', ''))}; provisional years: {provisional}. Never combined "
                     "with another vintage.")
    if res.get("krdev:caveats"):
        lines.append(f"- **Caveats:** {_md_escape(res['krdev:caveats'])}")
    if res.get("krdev:sourceNotes"):
        lines.append(f"- **Provenance and caveats:** `data/{res['krdev:sourceNotes']}`")
    return "\n".join(lines) + "\n"
