#!/usr/bin/python3
"""Checks that the Python baselines wrote the same templates as tenglong.

    same_templates.py TENGLONG_DIR OTHER_DIR [OTHER_DIR…] [--sample N]

Opens tenglong's template and each other writer's template of the same file name with
openpyxl (an independent reader) and compares, sheet by sheet: sheet names, order and
visibility, every cell's value or formula, font, fill, border, alignment, number
format and lock, merged ranges, data validations, column widths (±1: XlsxWriter stores
widths with Excel's padding, excelize as given), row heights, frozen panes, print
titles, page setup, sheet protection (legacy hash) and workbook structure protection.
Every sheet is compared; exit status 1 on any mismatch, with the count of
differences per file and the first --show of each sheet.
"""

import argparse
import os
import sys

from openpyxl import load_workbook


def num(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return float(v)
    return v


def cell_facts(c):
    v = c.value
    if v == "":
        v = None
    f = c.font
    fill = c.fill.fgColor.rgb if c.fill is not None and c.fill.fill_type == "solid" else None
    a = c.alignment
    return dict(
        value=num(v),
        font=(f.name, float(f.sz or 11), bool(f.b)),
        fill=fill,
        border=c.border.left.style if c.border and c.border.left else None,
        align=(a.horizontal, a.vertical, bool(a.wrap_text)),
        format=c.number_format,
        locked=c.protection.locked,
    )


def dv_facts(dv):
    # OOXML defaults written or left out: operator between, errorStyle stop.
    operator = (dv.operator or "between") if dv.type not in (None, "list", "custom") else None
    return (str(dv.sqref), dv.type, operator, dv.formula1,
            dv.formula2, bool(dv.allow_blank), bool(dv.showInputMessage), bool(dv.showErrorMessage),
            dv.promptTitle, dv.prompt, dv.errorTitle if dv.showErrorMessage else None,
            dv.error if dv.showErrorMessage else None, (dv.errorStyle or "stop") if dv.showErrorMessage else None)


def sheet_facts(ws):
    merged = {str(r) for r in ws.merged_cells.ranges}
    shadow = set()
    for r in ws.merged_cells.ranges:
        for row in range(r.min_row, r.max_row + 1):
            for col in range(r.min_col, r.max_col + 1):
                if (row, col) != (r.min_row, r.min_col):
                    shadow.add((row, col))
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            if (c.row, c.column) in shadow:
                continue
            facts = cell_facts(c)
            if facts["value"] is None and not c.has_style:
                continue
            cells[c.coordinate] = facts
    p = ws.protection
    ps = ws.page_setup
    widths = {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth}
    # openpyxl groups equal adjacent widths under the first column: spread them out.
    spread = {}
    for k, d in ws.column_dimensions.items():
        if d.customWidth and d.min and d.max:
            for col in range(d.min, d.max + 1):
                spread[col] = d.width
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height is not None}
    return dict(
        state=ws.sheet_state,
        cells=cells,
        merged=merged,
        validations=sorted(dv_facts(dv) for dv in ws.data_validations.dataValidation),
        widths=spread or widths,
        heights=heights,
        freeze=ws.freeze_panes,
        print_titles=(ws.print_title_rows or "").replace("$", "") or None,
        # fitToWidth and fitToHeight default to 1 when left out.
        page=(ps.paperSize and int(ps.paperSize), ps.orientation, int(1 if ps.fitToWidth is None else ps.fitToWidth),
              int(1 if ps.fitToHeight is None else ps.fitToHeight), ws.sheet_properties.pageSetUpPr.fitToPage
              if ws.sheet_properties.pageSetUpPr else None),
        protection=(p.sheet, p.password, p.objects, p.scenarios, p.formatColumns, p.formatRows,
                    p.selectLockedCells, p.selectUnlockedCells, p.formatCells, p.insertRows, p.deleteRows),
    )


def compare(a_path, b_path):
    """Every difference between the two workbooks, over every sheet: a drift in one
    sheet must not hide another in a later one."""
    a, b = load_workbook(a_path), load_workbook(b_path)
    diffs = []

    def d(msg):
        diffs.append(msg)

    if a.sheetnames != b.sheetnames:
        d("sheets %s != %s" % (a.sheetnames, b.sheetnames))
        return diffs
    if a.active.title != b.active.title:
        d("active sheet %s != %s" % (a.active.title, b.active.title))
    lock = lambda wb: bool(wb.security and wb.security.lockStructure)  # noqa: E731
    if lock(a) != lock(b):
        d("workbook lockStructure %s != %s" % (lock(a), lock(b)))
    for name in a.sheetnames:
        fa, fb = sheet_facts(a[name]), sheet_facts(b[name])
        for key in ("state", "merged", "validations", "freeze", "print_titles", "page", "protection", "heights"):
            if fa[key] == fb[key]:
                continue
            va, vb = fa[key], fb[key]
            if isinstance(va, (list, set, dict)):
                if isinstance(va, dict):
                    va, vb = set(va.items()), set(vb.items())
                only_a = [x for x in va if x not in vb][:3]
                only_b = [x for x in vb if x not in va][:3]
                d("%s: %s differ:\n    only tenglong %s\n    only other    %s" % (name, key, only_a, only_b))
            else:
                d("%s: %s differ:\n    tenglong %s\n    other    %s" % (name, key, va, vb))
        cols = set(fa["widths"]) | set(fb["widths"])
        for col in sorted(cols):
            wa, wb_ = fa["widths"].get(col), fb["widths"].get(col)
            if wa is None or wb_ is None or abs(wa - wb_) > 1:
                d("%s: width of column %s: %s != %s" % (name, col, wa, wb_))
        for ref in sorted(set(fa["cells"]) | set(fb["cells"])):
            ca, cb = fa["cells"].get(ref), fb["cells"].get(ref)
            if ca != cb:
                if ca and cb:
                    keys = [k for k in ca if ca[k] != cb[k]]
                    d("%s!%s: %s" % (name, ref, "; ".join("%s %r != %r" % (k, ca[k], cb[k]) for k in keys)))
                else:
                    d("%s!%s: %r != %r" % (name, ref, ca, cb))
    return diffs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tenglong")
    ap.add_argument("others", nargs="+")
    ap.add_argument("--sample", type=int, default=3, help="compare this many files, spread over the run")
    ap.add_argument("--show", type=int, default=6, help="differences shown per sheet")
    a = ap.parse_args()
    names = sorted(n for n in os.listdir(a.tenglong) if n.endswith(".xlsx"))
    others = {o: set(os.listdir(o)) for o in a.others}
    common = [n for n in names if all(n in s for s in others.values())]
    if not common:
        print("same_templates: no file names in common", file=sys.stderr)
        return 1
    step = max(1, len(common) // a.sample)
    sample = common[::step][: a.sample]
    bad = 0
    for n in sample:
        for o in a.others:
            diffs = compare(os.path.join(a.tenglong, n), os.path.join(o, n))
            if diffs:
                bad += 1
                print("DIFFERENT %s (%s): %d difference(s)" % (n, o, len(diffs)))
                shown = {}
                for x in diffs:
                    sheet = x.split("!")[0].split(":")[0]
                    shown[sheet] = shown.get(sheet, 0) + 1
                    if shown[sheet] <= a.show:
                        print("  " + x)
                for sheet, k in shown.items():
                    if k > a.show:
                        print("  … %d more in %s" % (k - a.show, sheet))
    print("same_templates: %d file(s) × %d writer(s) compared, %d different" % (len(sample), len(a.others), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
