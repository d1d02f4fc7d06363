#!/usr/bin/python3
"""Writes tenglong's unit templates with XlsxWriter: the baseline of `make bench`.

Same sheets, cells, formulas, styles, validations, protection and very hidden
metadata sheet as `tenglong generate` (see template_model.py); run with /usr/bin/python3
(Debian python3-xlsxwriter). XlsxWriter 3.0.2 (Debian) has neither very hidden sheets
nor workbook structure protection, so Workbook below adds both to workbook.xml.
bench/compare.sh runs it.
"""

import datetime
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import xlsxwriter  # noqa: E402

import template_model as tm  # noqa: E402


class Workbook(xlsxwriter.Workbook):
    """A workbook with <workbookProtection lockStructure="1"/> and very hidden sheets
    (worksheet.hidden = 2)."""

    def _write_workbook_pr(self):
        super()._write_workbook_pr()
        self._xml_empty_tag("workbookProtection", [("lockStructure", 1)])

    def _write_sheet(self, name, sheet_id, hidden):
        attributes = [("name", name), ("sheetId", sheet_id)]
        if hidden:
            attributes.append(("state", "veryHidden" if hidden == 2 else "hidden"))
        attributes.append(("r:id", "rId" + str(sheet_id)))
        self._xml_empty_tag("sheet", attributes)


_cell = re.compile(r"([A-Z]+)(\d+)")


def rc(a1):
    m = _cell.fullmatch(a1)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def fmt_props(key):
    spec = tm.style_spec(key)
    p = {}
    if "font" in spec:
        family, size, bold = spec["font"]
        p.update(font_name=family, font_size=size, bold=bold, font_family=2)
    if spec.get("border"):
        p.update(border=1, border_color="#808080")
    if "fill" in spec:
        p.update(pattern=1, bg_color="#" + spec["fill"])
    if "align" in spec:
        h, v, wrap = spec["align"]
        if h:
            p["align"] = h
        p["valign"] = {"center": "vcenter"}.get(v, v)
        if wrap:
            p["text_wrap"] = True
    if spec.get("unlocked"):
        p["locked"] = False
    if "num_format" in spec:
        p["num_format"] = spec["num_format"]
    return p


def number(s):
    return tm.number(s)


def validation_options(d):
    kind = d["type"]
    o = {"ignore_blank": True}
    if kind is None:
        o["validate"] = "any"
        o["show_error"] = False
    elif kind == "list":
        o.update(validate="list", source=d["formula1"])
    elif kind == "date":
        o.update(validate="date", criteria="between",
                 minimum=datetime.date(2000, 1, 1), maximum=datetime.date(2099, 12, 31))
    else:
        o.update(validate={"textLength": "length"}.get(kind, kind), criteria="between",
                 minimum=number(d["formula1"]), maximum=number(d["formula2"]))
    if d["prompt"]:
        o["input_title"], o["input_message"] = d["prompt"]
    if d["error"]:
        o["error_title"], o["error_message"] = d["error"]
        o["error_type"] = "stop"
    return o


def write(t, path):
    wb = Workbook(path)
    formats = {}

    def fmt(key):
        if key is None:
            return None
        f = formats.get(key)
        if f is None:
            f = formats[key] = wb.add_format(fmt_props(key))
        return f

    for i, sh in enumerate(t.sheets):
        ws = wb.add_worksheet(sh.name)
        merged = set()
        for r1, c1, r2, c2 in sh.merges:
            v, st = sh.cells.get((r1, c1), (None, None))
            ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, v if v is not None else "", fmt(st))
            merged.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
        for (r, c), (v, st) in sorted(sh.cells.items()):
            if (r, c) in merged:
                continue
            f = fmt(st)
            if v is None:
                if f is not None:
                    ws.write_blank(r - 1, c - 1, None, f)
            elif isinstance(v, tm.Formula):
                ws.write_formula(r - 1, c - 1, "=" + v, f, "")
            elif isinstance(v, str):
                ws.write_string(r - 1, c - 1, v, f)
            else:
                ws.write_number(r - 1, c - 1, v, f)
        for c, w in sh.widths.items():
            ws.set_column(c - 1, c - 1, w)
        for r, h in sh.heights.items():
            ws.set_row(r - 1, h)
        for d in sh.validations:
            a, _, b = d["sqref"].partition(":")
            (r1, c1), (r2, c2) = rc(a), rc(b or a)
            ws.data_validation(r1, c1, r2, c2, validation_options(d))
        if sh.page_setup:
            ws.set_paper(9)
            if sh.landscape:
                ws.set_landscape()
            else:
                ws.set_portrait()
            ws.fit_to_pages(1, 0)
            ws.set_margins(left=0.5, right=0.5, top=0.5, bottom=0.5)
            ws.set_header("", {"margin": 0})
            ws.set_footer("", {"margin": 0})
        if sh.print_rows:
            ws.repeat_rows(0, sh.print_rows - 1)
            ws.freeze_panes(sh.print_rows, 0)
        ws.protect(t.password, {"format_columns": True, "format_rows": True})
        if sh.state == "veryHidden":
            ws.hidden = 2
        if i == t.active:
            ws.activate()
    wb.close()


if __name__ == "__main__":
    tm.run(write, "XlsxWriter")
