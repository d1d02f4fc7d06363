"""Report what openpyxl, an independent reader, sees in a consolidated workbook.

Usage: inspect_summary.py FILE.xlsx   prints one JSON object.

For each sheet: its page set-up, the rows and columns repeated on every printed page,
the frozen panes, the merged ranges, the manual column breaks, and every cell of the
used range with its value, its openpyxl data type (n number, s string, d date), its
number format and its fill colour. The Go test decides what is right; this script
only reports.
"""
import json
import sys

import openpyxl


def text(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def fill(c):
    f = c.fill
    if f is None or f.fill_type != "solid":
        return ""
    rgb = f.fgColor.rgb if f.fgColor is not None else None
    if not isinstance(rgb, str):
        return ""
    return rgb[-6:].upper()


def cells(ws):
    out = {}
    for row in ws.iter_rows():
        for c in row:
            if not hasattr(c, "column_letter") or c.value is None:
                continue
            out[c.coordinate] = {
                "value": text(c.value),
                "type": c.data_type,
                "format": c.number_format,
                "fill": fill(c),
            }
    return out


def main(path):
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        ps = ws.page_setup
        sheets.append({
            "name": ws.title,
            "orientation": ps.orientation or "",
            "paperSize": int(ps.paperSize or 0),
            "titleRows": ws.print_title_rows or "",
            "titleCols": ws.print_title_cols or "",
            "freeze": ws.freeze_panes or "",
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "colBreaks": [b.id for b in ws.col_breaks.brk],
            "cells": cells(ws),
        })
    json.dump({"sheets": sheets}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
