"""`ilp growth zscores INPUT.csv OUTPUT.csv`: WHO z-scores for a file of measurements.

Input columns: sex (M/F), age_days (or age_months), weight_kg, length_cm, measured (L/H),
oedema (y/n/1/0/true/false), head_cm, muac_cm; empty cells are allowed and other columns are
copied through. Output: the input columns plus waz, haz, whz, baz, hcz, acz, flags and error.
A row that cannot be computed gets its message in `error` and does not stop the file.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from ilp.growth.engine import INDICATORS, ZScores, zscores

NUMBER_COLUMNS = ("age_days", "age_months", "weight_kg", "length_cm", "head_cm", "muac_cm")
OUTPUT_COLUMNS = (*INDICATORS, "flags", "error")
_OEDEMA = {"y": True, "ya": True, "1": True, "true": True, "n": False, "0": False, "false": False,
           "tidak": False, "": False}  # fmt: skip

NUMBER_MESSAGE = "Kolom %s: bukan angka: %r"
OEDEMA_MESSAGE = "Kolom oedema: isi y/n, 1/0 atau true/false; diterima: %r"
NO_SEX_COLUMN = "Berkas %s tidak punya kolom 'sex' (jenis kelamin)"


def main(argv: list[str]) -> int:
    """Run a growth command; `argv` excludes the program name, e.g. ["zscores", "in.csv", "out.csv"]."""
    parser = argparse.ArgumentParser(prog="ilp growth", description="WHO child growth z-scores")
    commands = parser.add_subparsers(dest="command", required=True)
    command = commands.add_parser("zscores", help="z-scores for every row of a CSV file")
    command.add_argument("input", type=Path, help="CSV of measurements")
    command.add_argument("output", type=Path, help="CSV to write, with z-scores and errors")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage; report instead of exiting
        return int(exit_.code or 0)
    try:
        rows, errors = zscores_file(args.input, args.output)
    except (OSError, ValueError) as problem:
        print(f"ilp growth zscores: {problem}", file=sys.stderr)
        return 1
    print(f"{rows} baris ditulis ke {args.output}; {errors} dengan error", file=sys.stderr)
    return 0


def zscores_file(source: Path, target: Path) -> tuple[int, int]:
    """Write `target` from `source`; returns the number of rows and of rows with an error."""
    with source.open(newline="", encoding="utf-8-sig") as infile:
        sample = infile.readline()
        infile.seek(0)
        # Spreadsheets set to Indonesian save with ";" between cells and "," in decimals.
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.DictReader(infile, delimiter=delimiter)
        columns = [name for name in reader.fieldnames or [] if name not in OUTPUT_COLUMNS]
        if "sex" not in columns:
            raise ValueError(NO_SEX_COLUMN % source)
        with target.open("w", newline="", encoding="utf-8") as outfile:
            writer = csv.DictWriter(outfile, [*columns, *OUTPUT_COLUMNS], extrasaction="ignore")
            writer.writeheader()
            rows = errors = 0
            for row in _computed(reader):
                writer.writerow(row)
                rows += 1
                errors += bool(row["error"])
    return rows, errors


def _computed(reader: csv.DictReader) -> Iterator[dict[str, str]]:
    for row in reader:
        try:
            result = zscores(**_arguments(row))
        except ValueError as problem:
            yield {**row, **dict.fromkeys(OUTPUT_COLUMNS, ""), "error": str(problem)}
        else:
            yield {**row, **_cells(result), "error": ""}


def _arguments(row: dict[str, str | None]) -> dict:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    arguments: dict = {name: _number(name, cell(name)) for name in NUMBER_COLUMNS}
    oedema = cell("oedema").lower()
    if oedema not in _OEDEMA:
        raise ValueError(OEDEMA_MESSAGE % oedema)
    arguments.update(sex=cell("sex").upper() or None, measured=cell("measured") or None)
    arguments["oedema"] = _OEDEMA[oedema]
    return arguments


def _number(name: str, text: str) -> float | None:
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")  # decimal comma
    try:
        return float(text)
    except ValueError:
        raise ValueError(NUMBER_MESSAGE % (name, text)) from None


def _cells(result: ZScores) -> dict[str, str]:
    cells = {name: "" if value is None else f"{value:.2f}" for name, value in result.as_dict().items()}
    cells["flags"] = " ".join(name for name in INDICATORS if name in result.flags)
    return cells
