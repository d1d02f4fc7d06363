"""Read a 汇总表 with openpyxl and print, as JSON, what it says of each unit's state:
the 报送情况 row (状态, 是否迟报), the 赛马得分 row (名次, 总分, the item cells), every
word the indicator sheets put in the unit's rows, and the sheets' head notes.
Usage: summary_states.py 汇总表.xlsx 单位名...
"""
import json
import sys

import openpyxl

path, names = sys.argv[1], sys.argv[2:]
wb = openpyxl.load_workbook(path)
out = {"reporting": {}, "scores": {}, "cells": {n: [] for n in names}, "notes": []}


def header_index(ws, first):
    for r, row in enumerate(ws.iter_rows(values_only=True)):
        if row and row[0] == first:
            return r, list(row)
    return None, None


for ws in wb.worksheets:
    rows = list(ws.iter_rows(values_only=True))
    if ws.title == "报送情况":
        _, head = header_index(ws, "序号")
        for row in rows:
            if len(row) > 1 and row[1] in names:
                out["reporting"][row[1]] = {"state": row[head.index("状态")], "late": row[head.index("是否迟报")]}
    elif ws.title == "赛马得分":
        r0, head = header_index(ws, "名次")
        out["notes"].append(rows[1][0])
        for row in rows[r0 + 1:]:
            if len(row) > 1 and row[1] in names:
                total = row[head.index("总分")]
                out["scores"][row[1]] = {"place": row[0], "total": total if isinstance(total, str) else "%.2f" % total,
                                         "items": [c if isinstance(c, str) else "%.2f" % c for c in row[2:head.index("总分")]]}
    elif ws.title in ("计分说明",) or any(r and r[0] == "序号" and len(r) > 2 and r[2] == "状态" for r in rows):
        continue
    else:
        for row in rows[:3]:
            out["notes"] += [c for c in row if isinstance(c, str) and c.startswith("数据截至")]
        for row in rows:
            hit = [n for n in names if n in row]
            if hit:
                out["cells"][hit[0]] += [c for c in row if isinstance(c, str)]
print(json.dumps(out, ensure_ascii=False))
