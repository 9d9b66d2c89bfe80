"""Command line: ``python -m krdev {build,run,list,data,clean}``.

Examples::

    python -m krdev build                       # what `make book` runs
    python -m krdev list                        # notebooks and their parameters
    python -m krdev run notebooks/inequality-convergence.ipynb -p start_year 2000 -o /tmp/out.ipynb
    python -m krdev run notebooks/regions-at-a-glance.ipynb -p population_year 2000 --html   # + /tmp/...html
    python -m krdev data check                  # validate every resource, one line each
    python -m krdev data build                  # what `make data` runs
    python -m krdev data accept data/raw/NAME   # declare new or changed raw files, then `make data`
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from krdev.errors import KrdevError


def _cmd_build(args) -> int:
    from krdev import runner

    return runner.build(workers=args.workers, force=args.force, wait=not args.no_wait)


def _cmd_list(args) -> int:
    import papermill

    from krdev import runner
    from krdev.params import year_ranges

    for path in runner.list_notebooks():
        print(path.relative_to(runner.REPO_ROOT) if path.is_relative_to(runner.REPO_ROOT) else path)
        try:
            ranges = year_ranges(path.stem)
        except KrdevError as exc:
            print(f"error: the year ranges of {path.name} cannot be read from the data: {exc}", file=sys.stderr)
            return 1
        for name, spec in papermill.inspect_notebook(str(path)).items():
            help_text = f"  # {spec['help']}" if spec.get("help") else ""
            allowed = f"  [allowed: {ranges[name][0]}–{ranges[name][1]}]" if name in ranges else ""
            print(f"    {name} = {spec['default']}{help_text}{allowed}")
    return 0


def _cmd_run(args) -> int:
    from krdev import runner

    path = Path(args.notebook)
    if not path.exists():
        print(f"error: notebook not found: {path}", file=sys.stderr)
        return 2
    output = Path(args.output) if args.output else runner.BUILD_DIR / "runs" / path.name
    parameters = dict(args.parameter or [])
    try:  # the default output (under _build/runs) is the runner's own and is replaced
        status = runner.run(path, output, parameters, overwrite=args.overwrite or not args.output)
        if status == 0 and args.html is not None:
            from krdev import standalone

            return standalone.render(output, path.stem, Path(args.html) if args.html else output.with_suffix(".html"))
        return status
    except KrdevError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except runner.Interrupted as exc:
        print(f"error: interrupted by {exc}; no output written", file=sys.stderr)
        return 128 + exc.signum
    except Exception as exc:  # papermill's execution error: name the cell
        if getattr(exc, "ename", "") == "ParameterError":  # raised by the notebook's validation cell
            print(f"error: {path.name}: {exc.evalue}", file=sys.stderr)
            return 2
        print(f"error: {runner.describe_failure(exc, path)}", file=sys.stderr)
        return 1


def _cmd_data(args) -> int:
    from krdev import data

    if args.action in ("build", "accept"):
        from krdev.build_data import accept, build

        try:
            if args.action == "accept":
                if not args.paths:
                    print("error: name the raw file(s) or dataset folder(s) whose change you declare, "
                          "e.g. data/raw/kosis_grdp_per_capita", file=sys.stderr)
                    return 2
                for line in accept(args.paths):
                    print(f"  recorded  {line}")
            package = build()
        except KrdevError as exc:
            print(f"DATA ERROR: {exc}", file=sys.stderr)
            return 1
        print(f"data/processed rebuilt; {len(package['resources'])} resources in data/datapackage.json")
        return 0
    try:
        for name, rows, path in data.check():
            print(f"  ok  {name:32s} {rows:7d} rows  {path}")
    except KrdevError as exc:
        print(f"DATA ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_pdf(args) -> int:
    import os

    from krdev import chapterpdf, runner

    os.environ[chapterpdf.ENV_FLAG] = "1"  # one LaTeX build writes the book and every chapter
    status = runner.build_pdf(workers=args.workers)
    if status:
        return status
    copied = chapterpdf.collect(runner.BUILD_DIR / "pdf" / "_build" / "latex", runner.BUILD_DIR / "pdf" / "chapters")
    print(f"{len(copied)} chapter PDFs written to {runner.BUILD_DIR / 'pdf' / 'chapters'}")
    for name in ("KRDEV_STATIC_FIGURES", chapterpdf.ENV_FLAG):
        os.environ.pop(name, None)
    if (runner.BUILD_DIR / "html" / "index.html").exists():  # link the PDFs from the chapter pages
        from krdev import edition

        return edition.build_html(runner.STAGE_DIR, runner.BUILD_DIR)
    return 0


def _cmd_clean(args) -> int:
    from krdev import runner

    runner.clean()
    return 0


def _cmd_i18n(args) -> int:
    from krdev import edition, runner

    runner.stage()
    return edition.update_catalogues(runner.STAGE_DIR, runner.BUILD_DIR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m krdev", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="check data, execute changed notebooks, build the HTML book")
    p.add_argument("--workers", type=int, default=None, help="parallel notebooks (default: CPU count)")
    p.add_argument("--force", action="store_true", help="re-execute every notebook, ignoring the cache")
    p.add_argument("--no-wait", action="store_true", help="stop (exit 3) instead of waiting if another build runs")
    p.set_defaults(func=_cmd_build)
    p = sub.add_parser("list", help="list notebooks and their parameters")
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser("run", help="re-execute one notebook with parameters")
    p.add_argument("notebook")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"))
    p.add_argument("-o", "--output", help="where to write the executed notebook (default _build/runs/NAME); "
                   "never inside notebooks/, data/, book/, krdev/ or over a tracked file")
    p.add_argument("--overwrite", action="store_true", help="replace the output file if it exists")
    p.add_argument("--html", nargs="?", const="", default=None, metavar="FILE",
                   help="also render the chapter as one standalone HTML file (book theme, charts and data "
                        "offline; default: the output path with .html)")
    p.set_defaults(func=_cmd_run)
    p = sub.add_parser("data", help="check or rebuild the data package; accept declares changed raw files")
    p.add_argument("action", choices=["check", "build", "accept"])
    p.add_argument("paths", nargs="*", help="accept: raw files or dataset folders under data/raw")
    p.set_defaults(func=_cmd_data)
    p = sub.add_parser("pdf", help="build PDFs of the whole book and of every chapter with XeLaTeX (Hangul via xeCJK)")
    p.add_argument("--workers", type=int, default=None)
    p.set_defaults(func=_cmd_pdf)
    p = sub.add_parser("i18n", help="update the Korean edition's catalogues (locales/ko) from the staged book")
    p.set_defaults(func=_cmd_i18n)
    p = sub.add_parser("clean", help="remove _build")
    p.set_defaults(func=_cmd_clean)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
