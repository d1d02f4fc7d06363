"""Report what openpyxl, an independent reader, sees in generated templates.

Usage: inspect_template.py FILE.xlsx...   prints one JSON object: {file: report}.

For each sheet: its state (visible, hidden, veryHidden), its protection (the legacy
password hash and any SHA-512 algorithm name), its data validations, its page set-up,
the dimension a read-only reader trusts, and every cell of the used range with its
value and whether it is locked. The Go test decides what is right; this script only
reports.
"""
import json
import sys

import openpyxl


def text(v):
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def validations(ws):
    out = []
    for dv in ws.data_validations.dataValidation:
        out.append({
            "type": dv.type,
            "operator": dv.operator,
            "formula1": dv.formula1,
            "formula2": dv.formula2,
            "sqref": str(dv.sqref),
            "allowBlank": bool(dv.allow_blank),
            "showError": bool(dv.showErrorMessage),
            "showInput": bool(dv.showInputMessage),
            "errorStyle": dv.errorStyle,
            "prompt": dv.prompt,
            "error": dv.error,
        })
    return out


def cells(ws):
    out = {}
    for row in ws.iter_rows():
        for c in row:
            if not hasattr(c, "column_letter"):  # a merged cell's covered part
                continue
            out[c.coordinate] = {
                "value": text(c.value),
                "type": c.data_type,
                "locked": bool(c.protection.locked),
                "format": c.number_format,
                "wrap": bool(c.alignment.wrap_text),
            }
    return out


def report(path):
    wb = openpyxl.load_workbook(path)
    ro = openpyxl.load_workbook(path, read_only=True)
    sheets = []
    for ws in wb.worksheets:
        r = ro[ws.title]
        ro_rows = sum(1 for _ in r.iter_rows(values_only=True))
        p = ws.protection
        ps = ws.page_setup
        sheets.append({
            "name": ws.title,
            "state": ws.sheet_state,
            "protected": bool(p.sheet),
            "password": p.password or "",
            "algorithm": p.algorithmName or "",
            "hash": p.hashValue or "",
            "dimension": r.calculate_dimension(),
            "computed": ws.dimensions,
            "roRows": ro_rows,
            "validations": validations(ws),
            "orientation": ps.orientation or "",
            "paperSize": int(ps.paperSize) if ps.paperSize is not None else 0,
            "fitToWidth": int(ps.fitToWidth) if ps.fitToWidth is not None else -1,
            "fitToPage": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
            "printTitleRows": ws.print_title_rows or "",
            "freeze": ws.freeze_panes or "",
            "merged": [str(m) for m in ws.merged_cells.ranges],
            "cells": cells(ws),
        })
    wp = wb.security
    return {
        "sheets": sheets,
        "lockStructure": bool(wp and wp.lockStructure),
    }


def main():
    json.dump({path: report(path) for path in sys.argv[1:]}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
