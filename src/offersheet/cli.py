"""The command line: a thin layer over the Python API (``offersheet --help``).

Exit codes: 0 all good, 1 a workbook failed (reason on stderr), 2 usage error.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from offersheet import __version__

if TYPE_CHECKING:
    from offersheet.model.errors import OffersheetError


def _os_error(exc: OSError, as_json: bool = False) -> None:
    """An OS error no layer below named (a disk that filled up, a folder taken away): one line, exit 1."""
    where = f"{exc.filename}: " if exc.filename else ""
    if as_json:
        import json

        click.echo(json.dumps({"error": f"{where}{exc.strerror or exc}", "problems": []}, indent=2))
    click.echo(f"error: {where}{exc.strerror or exc}", err=True)
    sys.exit(1)


def _interrupted(what: str) -> None:
    click.echo(f"interrupted: {what}", err=True)
    sys.exit(130)


def _fail(exc: OffersheetError, as_json: bool = False) -> None:
    from offersheet.model.errors import InputError

    if as_json:  # a script gets a JSON document on stdout either way (schemas/evaluate.schema.json)
        import json

        from offersheet.results import error_document

        click.echo(json.dumps(error_document(exc), indent=2, ensure_ascii=False))
    if isinstance(exc, InputError):
        click.echo(f"error: {len(exc.problems)} problem(s):", err=True)
        for p in exc.problems:
            click.echo(f"  {p}", err=True)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="offersheet")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Compare job offers at frontier AI companies: workbook in, explained verdicts out."""
    if isinstance(ctx.obj, dict) and ctx.obj.get("one_shot"):  # the console script: this process ends with it
        from offersheet.budget import one_shot

        one_shot()  # the command runs under offersheet's budget (not imported for --help, which never gets here)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--offers",
    "offers_csv",
    type=click.Path(exists=True, dir_okay=False),
    help="CSV with one row per offer; columns are schema keys (see docs/fields.md).",
)
@click.option(
    "--macro-enabled",
    is_flag=True,
    help="Write an .xlsm with xlwings' RunPython VBA module, and <name>.py beside it for Run main.",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists (even if a lock file says it is open).")
def new(path: str, offers_csv: str | None, macro_enabled: bool, force: bool) -> None:
    """Write a new offers workbook to PATH (optionally pre-filled from a CSV)."""
    from offersheet.budget import workbook_budget
    from offersheet.model.errors import OffersheetError
    from offersheet.workbook import new_workbook
    from offersheet.workbook.macro import new_macro_workbook, write_runner
    from offersheet.workbook.prefill import read_offers_csv

    try:
        with workbook_budget():
            rows = read_offers_csv(offers_csv) if offers_csv else []
            if macro_enabled:
                out = new_macro_workbook(path, rows, overwrite=force)
                click.echo(write_runner(out)[1], err=True)
            else:
                out = new_workbook(path, rows, overwrite=force)
    except OffersheetError as exc:
        _fail(exc)
    except OSError as exc:
        _os_error(exc)
    except KeyboardInterrupt:
        _interrupted(f"nothing was written to {path}")
    except KeyError as exc:
        click.echo(f"error: {offers_csv}: unknown column {exc}; columns must be Offers keys", err=True)
        sys.exit(1)
    click.echo(f"wrote {out}")


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), help="Write here instead of in place.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as one JSON document.")
@click.option(
    "--force",
    is_flag=True,
    help="Write even if a lock file says Excel or LibreOffice has the workbook open (a stale lock).",
)
def evaluate(path: str, out: str | None, as_json: bool, force: bool) -> None:
    """Evaluate PATH and write Report, Lock-in and Asks into it (or into OUT)."""
    from offersheet.budget import workbook_budget
    from offersheet.model.errors import OffersheetError
    from offersheet.workbook import evaluate_workbook

    try:
        with workbook_budget():
            result = evaluate_workbook(path, out, force=force)
    except OffersheetError as exc:
        _fail(exc, as_json)
    except OSError as exc:
        _os_error(exc, as_json)
    except KeyboardInterrupt:
        _interrupted(f"nothing was written; {out or path} is as it was")
    if as_json:
        import json

        from offersheet.results import evaluation_summary

        click.echo(json.dumps(evaluation_summary(result.evaluation, str(path)), indent=2))
        return
    for w in result.warnings:
        click.echo(f"warning: {w}", err=True)
    for r in result.evaluation.offers:
        mark = f" [{r.company_not_found}]" if r.company_not_found else ""
        click.echo(f"{r.offer.label}: {r.offer.employer} — {r.verdict} (score {r.judgement.score:+.1f}){mark}")
        click.echo(f"    {r.stability}")
    click.echo(f"wrote {result.out}")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for the exports (created if needed).",
)
@click.option(
    "--format",
    "formats",
    default=",".join(("xlsx", "csv", "md", "html", "png")),
    show_default=True,
    help="Comma-separated formats: xlsx, csv, md, html, png.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary line (failures are still reported).")
@click.option(
    "--bom/--no-bom",
    default=True,
    show_default=True,
    help="Start CSV files with a UTF-8 byte-order mark, so Excel reads accents and dashes right; "
    "--no-bom for plain UTF-8.",
)
def export(paths: tuple[str, ...], out: str, formats: str, jobs: int | None, quiet: bool, bom: bool) -> None:
    """Export many workbooks (files, folders or globs) to OUT: a comparison per workbook, summary.csv/.xlsx,
    and errors.csv for any that failed. Workbooks are only read, never changed."""
    import importlib.util

    from offersheet.exports import export as run_export
    from offersheet.exports import parse_formats

    try:
        fmts = parse_formats(formats)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--format") from exc
    show = not quiet and sys.stderr.isatty()
    wanted = ["xlsxwriter"] + (["matplotlib"] if {"png", "html"} & set(fmts) else []) + (["tqdm"] if show else [])
    missing = [m for m in wanted if importlib.util.find_spec(m) is None]
    if missing:  # the summary workbook, charts and the progress bar come with the "export" extra
        raise click.UsageError(f"{', '.join(missing)} not installed: pip install 'offersheet[export]'")
    bars: list[Any] = []

    def tick(done: int, total: int) -> None:  # the bar starts once the workbooks have been found
        if not bars:
            from tqdm import tqdm

            bars.append(tqdm(total=total, unit="workbook", file=sys.stderr))
        bars[0].update(done)

    from offersheet.model.errors import OffersheetError

    try:
        report = run_export(paths, out, fmts, jobs, tick if show else None, bom=bom)
    except OffersheetError as exc:  # no workbooks, a folder or summary that cannot be written, ...
        _fail(exc)
    except OSError as exc:
        _os_error(exc)
    finally:
        for bar in bars:
            bar.close()
    from offersheet.exports import INTERRUPTED

    for path, reason in report.errors:
        if reason != INTERRUPTED:  # those are summed up in one line below
            click.echo(f"error: {path}: {reason}", err=True)
    for usual, used in report.renamed.items():
        click.echo(f"note: {report.out / usual} is not offersheet's, so it was left alone: wrote {used}", err=True)
    if report.interrupted:
        _interrupted(
            f"{report.exported} of {report.workbooks} workbook(s) exported before Ctrl-C, the other "
            f"{report.workbooks - report.exported} not (each listed in {report.errors_file}); summary of "
            f"what finished: {report.summary}"
        )
    if not quiet:
        failed = f"; {len(report.errors)} failed, see {report.errors_file}" if report.errors else ""
        click.echo(
            f"{report.exported} of {report.workbooks} workbook(s) exported, {len(report.rows)} offer(s); "
            f"see {report.summary}{failed}",
            err=True,
        )
    if report.errors:
        sys.exit(1)


def main(argv: list[str] | None = None) -> int:
    """The console entry point (a fresh process: safe to skip imports the command will not use)."""
    try:
        cli.main(args=argv, prog_name="offersheet", standalone_mode=True, obj={"one_shot": True})
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
