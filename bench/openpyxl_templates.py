#!/usr/bin/python3
"""Writes tenglong's unit templates with openpyxl: the baseline of `make bench`.

Same sheets, cells, formulas, styles, validations, protection and very hidden
metadata sheet as `tenglong generate` (see template_model.py); run with /usr/bin/python3
(Debian python3-openpyxl). bench/compare.sh runs it.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side  # noqa: E402
from openpyxl.workbook.protection import WorkbookProtection  # noqa: E402
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: E402
from openpyxl.worksheet.page import PageMargins  # noqa: E402
from openpyxl.worksheet.protection import SheetProtection  # noqa: E402

import template_model as tm  # noqa: E402

_side = Side(style="thin", color="FF808080")
_border = Border(left=_side, right=_side, top=_side, bottom=_side)


def named_style(key):
    spec = tm.style_spec(key)
    ns = NamedStyle(name=key)
    if "font" in spec:
        family, size, bold = spec["font"]
        ns.font = Font(name=family, size=size, bold=bold, family=2)
    if spec.get("border"):
        ns.border = _border
    if "fill" in spec:
        ns.fill = PatternFill(fill_type="solid", fgColor="FF" + spec["fill"])
    if "align" in spec:
        h, v, wrap = spec["align"]
        ns.alignment = Alignment(horizontal=h, vertical=v, wrap_text=wrap or None)
    if spec.get("unlocked"):
        ns.protection = Protection(locked=False, hidden=False)
    if "num_format" in spec:
        ns.number_format = spec["num_format"]
    return ns


def write(t, path):
    wb = Workbook()
    styles = {}
    for i, sh in enumerate(t.sheets):
        if i == 0:
            ws = wb.active
            ws.title = sh.name
        else:
            ws = wb.create_sheet(sh.name)
        for r1, c1, r2, c2 in sh.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for (r, c), (v, st) in sh.cells.items():
            cell = ws.cell(row=r, column=c)
            if v is not None:
                cell.value = "=" + v if isinstance(v, tm.Formula) else v
            if st:
                ns = styles.get(st)
                if ns is None:
                    ns = styles[st] = named_style(st)
                    wb.add_named_style(ns)
                cell.style = st
        for c, w in sh.widths.items():
            ws.column_dimensions[tm.col_name(c)].width = w
        for r, h in sh.heights.items():
            ws.row_dimensions[r].height = h
        for d in sh.validations:
            dv = DataValidation(type=d["type"], operator=d["operator"], formula1=d["formula1"],
                                formula2=d["formula2"], allow_blank=True, sqref=d["sqref"])
            if d["prompt"]:
                dv.showInputMessage, (dv.promptTitle, dv.prompt) = True, d["prompt"]
            if d["error"]:
                dv.showErrorMessage, dv.errorStyle = True, "stop"
                dv.errorTitle, dv.error = d["error"]
            ws.add_data_validation(dv)
        if sh.page_setup:
            ws.page_setup.paperSize = 9
            ws.page_setup.orientation = "landscape" if sh.landscape else "portrait"
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.5, bottom=0.5, header=0, footer=0)
        if sh.print_rows:
            ws.print_title_rows = "1:%d" % sh.print_rows
            ws.freeze_panes = tm.ref(1, sh.print_rows + 1)
        ws.protection = SheetProtection(sheet=True, objects=True, scenarios=True, formatColumns=False,
                                        formatRows=False, selectLockedCells=False, selectUnlockedCells=False,
                                        password=t.password)
        ws.sheet_state = sh.state
        ws.sheet_view.tabSelected = i == t.active
    wb.active = t.active
    wb.security = WorkbookProtection(lockStructure=True)
    wb.save(path)


if __name__ == "__main__":
    tm.run(write, "openpyxl")
