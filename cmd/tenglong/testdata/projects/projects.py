"""Fill project lists into tenglong templates like a clerk would, and work out
independently what tenglong must make of them.

Reads a job (JSON on stdin):
  {"period_year": 2023, "yardsticks": {...}, "targets": {...},
   "units": {code: {"src", "dst", "expect", "projects": [...], "typed": {ref: value},
                    "value_refs": {indicator: "Sheet!H5"}, "columns": {col: "Sheet!B4"}}}}
writes each dst with openpyxl (numbers as numbers, dates as dates), and prints the
expected results as JSON: per unit and indicator the counts, the rate (4 places,
half-up) or 未开展, the light; per unit the default-method points and rank.

Nothing here imports tenglong: the rules are written out from docs/campaign-file.md.
"""
import datetime
import json
import sys
from decimal import Decimal, ROUND_HALF_UP, getcontext

import openpyxl

getcontext().prec = 40
job = json.load(sys.stdin)
year = job["period_year"]
Q4 = Decimal("0.0001")


def in_2y_big(p):
    return year - 1 <= p["year"] <= year and Decimal(p["invest"]) >= 30000


def in_this_year(p):
    return p["year"] == year


def rate(num, den):
    if den <= 0:
        return None
    return (Decimal(num) * 100 / Decimal(den)).quantize(Q4, rounding=ROUND_HALF_UP)


def rates(projects):
    big = [p for p in projects if in_2y_big(p)]
    new = [p for p in projects if in_this_year(p)]
    major = [p for p in projects if p["major"] == "是" and p["stage"] == "新建"]
    started = lambda ps: sum(1 for p in ps if p["start"])
    out = {
        "project-start-rate-2y": (started(big), len(big)),
        "project-start-rate": (started(new), len(new)),
        "project-completion-rate-2y": (sum(1 for p in big if p["done"]), len(big)),
        "project-invest-rate-2y": (sum(Decimal(p["spent"]) for p in big), sum(Decimal(p["plan"]) for p in big)),
        "major-new-start-rate": (started(major), len(major)),
    }
    return {k: (Decimal(n), Decimal(d), rate(n, d)) for k, (n, d) in out.items()}


def light(r, yardstick):
    diff = r - Decimal(yardstick)
    if diff >= 0:
        return "green"
    if diff >= -1:
        return "yellow"
    return "red"


expected = {"units": {}, "scores": {}}
values = {}  # indicator -> unit -> completion (pp)
for code, u in job["units"].items():
    wb = openpyxl.load_workbook(u["src"])
    for row, p in enumerate(u["projects"]):
        for col, key in [("name", "name"), ("year", "year"), ("invest", "invest"), ("major", "major"), ("stage", "stage"),
                         ("start", "start"), ("done", "done"), ("plan-invest", "plan"), ("spent", "spent")]:
            v = p[key]
            if v in ("", None):
                continue
            sheet, first = u["columns"][col].split("!")
            letters = first.rstrip("0123456789")
            start_row = int(first[len(letters):])
            if key in ("start", "done"):
                v = datetime.datetime.strptime(v, "%Y-%m-%d")
            elif key in ("invest", "plan", "spent"):
                v = float(v) if "." in str(v) else int(v)
            wb[sheet][f"{letters}{start_row + row}"] = v
    for ref, v in (u.get("typed") or {}).items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = float(v) if "." in v else int(v)
    wb.save(u["dst"])
    if not u["expect"]:
        continue  # a file written only to be refused

    got = {}
    for ind, (num, den, r) in rates(u["projects"]).items():
        if r is None:
            got[ind] = {"num": str(num), "den": str(den), "rate": "未开展", "status": "na"}
            continue
        got[ind] = {"num": str(num), "den": str(den), "rate": str(r), "status": light(r, job["yardsticks"][ind])}
        values.setdefault(ind, {})[code] = r - Decimal(job["targets"][ind])
    expected["units"][code] = got

# Default method (docs/campaign-file.md): minmax on completion, 5 items of 20 points;
# an item 未开展 is not the unit's: the total is brought to 100 over the items that apply.
items = list(job["targets"])
share = Decimal(100) / len(items)
totals = {}
for code in expected["units"]:
    raw, applies = Decimal(0), 0
    for ind in items:
        vs = values.get(ind, {})
        if code not in vs:
            continue
        applies += 1
        lo, hi = min(vs.values()), max(vs.values())
        pts = share if hi == lo else ((vs[code] - lo) / (hi - lo) * 40 + 60) / 100 * share
        raw += pts
    if applies:
        totals[code] = raw * len(items) / applies
for code, total in totals.items():
    rank = 1 + sum(1 for other in totals.values() if other > total)
    expected["scores"][code] = {"points": str(total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)), "rank": rank}
print(json.dumps(expected, ensure_ascii=False))
