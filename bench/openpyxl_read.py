#!/usr/bin/python3
"""Reads returned templates with openpyxl in read_only mode: the baseline of
bench/ingest.sh. Run with /usr/bin/python3 (Debian python3-openpyxl).

    python3 openpyxl_read.py RETURNS/ [--files N] [--workers W]

For each .xlsx it does what tenglong's reader does and nothing more: opens the
workbook with load_workbook(read_only=True), reads the very hidden _tenglong metadata
sheet (identification fields and the input table from row 12: kind, key, sheet, ref),
then reads exactly the input cells at those addresses — single cells and every cell of
a list column's range — in one pass over each sheet's rows (read_only worksheets have
no random access: ws["H4"] would rescan the sheet for every cell). Nothing is
converted, checked or stored.

Prints a summary and, for bench/ingest.sh, which scales a sample's read time to all
files, a line BENCH files=N total=T load=S read=S cells=C (C: non-empty input cells).
"""

import argparse
import multiprocessing
import os
import sys
import time

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

META_SHEET = "_tenglong"
META_TABLE_ROW = 11  # the input table's header; inputs follow


def read_file(path):
    """Returns (unit, period, values) for one return; values maps (sheet, row, col) → value."""
    wb = load_workbook(path, read_only=True)
    try:
        fields, wanted = {}, {}
        for i, row in enumerate(wb[META_SHEET].iter_rows(min_col=1, max_col=4, values_only=True), start=1):
            if i < META_TABLE_ROW:
                if row and row[0] is not None:
                    fields[row[0]] = row[1] if len(row) > 1 else None
                continue
            if i == META_TABLE_ROW or not row or not row[0]:
                continue
            kind, _key, sheet, ref = row[:4]
            cells = wanted.setdefault(sheet, set())
            if kind == "list":
                c1, r1, c2, r2 = range_boundaries(ref)
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        cells.add((r, c))
            else:
                cells.add(coordinate_to_tuple(ref))
        if not fields.get("campaign") or not fields.get("unit") or not fields.get("period"):
            raise ValueError("%s: incomplete metadata" % path)
        values = {}
        for sheet, cells in wanted.items():
            rows = [r for r, _ in cells]
            cols = [c for _, c in cells]
            top, bottom, right = min(rows), max(rows), max(cols)
            for r, row in enumerate(wb[sheet].iter_rows(min_row=top, max_row=bottom, max_col=right,
                                                        values_only=True), start=top):
                for c, v in enumerate(row, start=1):
                    if (r, c) in cells:
                        values[(sheet, r, c)] = v
        return fields["unit"], fields["period"], values
    finally:
        wb.close()


def read_files(paths):
    """Reads files; returns (files, non-empty input cells)."""
    files = cells = 0
    for p in paths:
        _, _, values = read_file(p)
        files += 1
        cells += sum(1 for v in values.values() if v is not None and v != "")
    return files, cells


def split(items, n):
    k, m = divmod(len(items), n)
    out, start = [], 0
    for i in range(n):
        end = start + k + (1 if i < m else 0)
        out.append(items[start:end])
        start = end
    return [part for part in out if part]


def main():
    ap = argparse.ArgumentParser(description="read returned tenglong templates' input cells with openpyxl read_only")
    ap.add_argument("paths", nargs="+", help=".xlsx files or folders (searched recursively)")
    ap.add_argument("--files", type=int, default=0, help="only the first N files, sorted by path (0: all)")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (1: read in this process)")
    a = ap.parse_args()

    start = time.monotonic()
    files = []
    for p in a.paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in names if n.endswith(".xlsx") and not n.startswith("~$")]
        else:
            files.append(p)
    files.sort()
    total = len(files)
    if a.files > 0:
        files = files[:a.files]
    loaded = time.monotonic()
    if a.workers <= 1:
        n, cells = read_files(files)
    else:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(a.workers) as pool:
            results = pool.map(read_files, split(files, a.workers))
        n, cells = sum(r[0] for r in results), sum(r[1] for r in results)
    done = time.monotonic()
    print("openpyxl read_only: %d of %d files, %d worker(s), read %.2f s, %d non-empty input cells"
          % (n, total, max(a.workers, 1), done - loaded, cells))
    print("BENCH files=%d total=%d load=%.3f read=%.3f cells=%d" % (n, total, loaded - start, done - loaded, cells))


if __name__ == "__main__":
    sys.exit(main())
