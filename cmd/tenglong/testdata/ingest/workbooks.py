"""Independent writer and reader for the ingest end-to-end tests (ingest_e2e_test.go):
openpyxl types into templates the way a clerk's office suite would, and reads back the
marked-up copies ingest --return-dir writes and the templates generate writes.

Reads a JSON list of jobs on stdin and prints a JSON list with one result per job
({"error": "…"} when openpyxl cannot do it):

  {"op": "fill", "src": "in.xlsx", "dst": "out.xlsx",
   "cells": [{"sheet": "指标填报", "cell": "H4", "type": "number", "text": "1234.56"}]}
      types: number (typed into a cell: stored as a number), text (a text cell, even
      when it looks like a number: 1,234.5 or " 12 "), date (2023-09-30 as a date),
      clear (the cell emptied). Locked cells are written too: openpyxl ignores sheet
      protection, as a determined clerk would. "delete": ["_tenglong"] removes those
      sheets before saving (the very hidden metadata sheet too). Result: {}.
      Every number of the saved workbook (typed or already there, like the targets) is
      written as "digits" says: absent, the shortest text that reads back as the same
      double (78.01, as typed; LibreOffice writes numbers so); 16, openpyxl's own
      "%.16g" (78.01000000000001); 17, as Excel writes them (19.989999999999998 for a
      typed 19.99).
  {"op": "blank", "dst": "out.xlsx"}
      a new workbook with one sheet and a few cells: an Excel file, not a template.
  {"op": "inspect", "src": "in.xlsx", "cells": [{"sheet": "指标填报", "cell": "H4"}]}
      result: {"sheets": [names in order], "states": [visible|hidden|veryHidden],
               "cells": {"指标填报!H4": {"value": text or null, "fill": "FFFFC7CE" or null,
                                          "comment": text or null}},
               "rows": {"问题清单": [[cell texts of each row]]} for the first sheet}
"""
import datetime
import json
import sys

import openpyxl
import openpyxl.cell._writer as cell_writer
from openpyxl.compat import safe_string


def typed(kind, text):
    if kind == "number":
        if any(ch in text for ch in ".eE"):
            return float(text)
        return int(text)
    if kind == "text":
        return text
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "clear":
        return None
    raise ValueError("unknown type " + kind)


def number_format(digits):
    """How the saved workbook writes each number (see the module doc)."""
    def write(value):
        if isinstance(value, float) and not isinstance(value, bool):
            if digits is None:
                text = repr(value)
            else:
                text = "%.*g" % (digits, value)
            return text[:-2] if text.endswith(".0") else text
        return safe_string(value)
    return write


def fill(job):
    cell_writer.safe_string = number_format(job.get("digits"))
    wb = openpyxl.load_workbook(job["src"])
    for c in job["cells"]:
        cell = wb[c["sheet"]][c["cell"]]
        value = typed(c["type"], c.get("text", ""))
        cell.value = value
        if c["type"] == "text":
            cell.data_type = "s"  # never let openpyxl guess a number or a formula
    for name in job.get("delete") or []:
        del wb[name]
    wb.save(job["dst"])
    return {}


def blank(job):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "单位"
    ws["B1"] = "本期值"
    ws["A2"] = "吴兴区"
    ws["B2"] = 123.5
    wb.save(job["dst"])
    return {}


def text(v):
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def inspect(job):
    wb = openpyxl.load_workbook(job["src"])
    out = {"sheets": wb.sheetnames, "states": [wb[s].sheet_state for s in wb.sheetnames], "cells": {}, "rows": {}}
    for c in job.get("cells", []):
        cell = wb[c["sheet"]][c["cell"]]
        fill = None
        if cell.fill is not None and cell.fill.fill_type == "solid" and cell.fill.fgColor is not None:
            fill = cell.fill.fgColor.rgb
        out["cells"][c["sheet"] + "!" + c["cell"]] = {
            "value": text(cell.value),
            "fill": fill,
            "comment": cell.comment.text if cell.comment is not None else None,
        }
    first = wb[wb.sheetnames[0]]
    out["rows"][first.title] = [[text(v) for v in row] for row in first.iter_rows(values_only=True)]
    return out


def run(job):
    ops = {"fill": fill, "blank": blank, "inspect": inspect}
    try:
        return ops[job["op"]](job)
    except Exception as e:  # one workbook openpyxl cannot read does not stop the others
        return {"error": "%s: %s" % (type(e).__name__, e)}


def main():
    json.dump([run(job) for job in json.load(sys.stdin)], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
