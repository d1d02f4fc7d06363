"""Compares a county's return with the city's template it filled (issue 20).

Reads a JSON job on stdin: {"template": path, "return": path, "inputs": {sheet:
[cell or range, ...]}, "appended": [sheet, ...]} and prints a JSON list of the
differences, each a sentence: every cell of every sheet of the template that is not an
input cell must hold the same value (formulas as formulas) in the return; a sheet
named in "appended" may have rows added below the template's last row; the return may
add the sheet 明细 and no other; sheet states, data validations and sheet protection
are the template's.
"""
import json
import sys

import openpyxl
from openpyxl.utils.cell import range_boundaries


def cells_of(refs):
    out = set()
    for ref in refs:
        c1, r1, c2, r2 = range_boundaries(ref)
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                out.add((r, c))
    return out


def main():
    job = json.load(sys.stdin)
    tpl = openpyxl.load_workbook(job["template"])
    ret = openpyxl.load_workbook(job["return"])
    diffs = []
    extra = [s for s in ret.sheetnames if s not in tpl.sheetnames]
    if extra != ["明细"] or [s for s in ret.sheetnames if s in tpl.sheetnames] != tpl.sheetnames:
        diffs.append("sheets %s, template %s" % (ret.sheetnames, tpl.sheetnames))
    for name in tpl.sheetnames:
        if name not in ret.sheetnames:
            continue
        a, b = tpl[name], ret[name]
        inputs = cells_of(job["inputs"].get(name, []))
        if a.sheet_state != b.sheet_state:
            diffs.append("%s: state %s, template %s" % (name, b.sheet_state, a.sheet_state))
        if bool(a.protection.sheet) != bool(b.protection.sheet):
            diffs.append("%s: protection changed" % name)
        dva = sorted((str(d.sqref), d.type, d.formula1, d.formula2) for d in a.data_validations.dataValidation)
        dvb = sorted((str(d.sqref), d.type, d.formula1, d.formula2) for d in b.data_validations.dataValidation)
        if dva != dvb:
            diffs.append("%s: data validations changed" % name)
        rows = max(a.max_row, b.max_row)
        if name in job.get("appended", []):
            rows = a.max_row
        for r in range(1, rows + 1):
            for c in range(1, max(a.max_column, b.max_column) + 1):
                if (r, c) in inputs:
                    continue
                va, vb = a.cell(r, c).value, b.cell(r, c).value
                if va != vb:
                    diffs.append("%s!%s: %r, template %r" % (name, b.cell(r, c).coordinate, vb, va))
    json.dump(diffs[:50], sys.stdout, ensure_ascii=False)


main()
