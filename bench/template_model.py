"""What a tenglong unit template contains, computed in Python from campaign.yaml.

This is the writer-independent half of the Python baselines of `make bench`
(bench/openpyxl_templates.py, bench/xlsxwriter_templates.py): it mirrors
workbook/template*.go — which indicators a unit reports, its targets, the 填报口径
text, validations, completion formulas, column widths and row heights, the metadata
sheet — and describes each template as plain data that a writer library renders.
bench/same_templates.py checks that the files come out the same as tenglong's.

It covers what the generated benchmark campaign uses (internal/corpus): numeric,
by-year and cumulative targets, every indicator kind, lists of every column type,
long dropdowns kept on the metadata sheet, tasks. It is a benchmark baseline, not a
second implementation of tenglong.
"""

import datetime
import unicodedata
from decimal import Decimal

import yaml

TEMPLATE_FORMAT = "1"
SIGNING_VERSION = "tenglong-template-signature-1"
DEFAULT_WIDTH = 9.140625  # excelize's width of a column never set
GUIDE, INDICATORS, TASKS, META = "填报说明", "指标填报", "任务进展", "_tenglong"
FIRST_INPUT_ROW = 4
META_TABLE_ROW = 11
INPUT_FILL, HEADER_FILL = "FFF2CC", "D9D9D9"
QUALITATIVE_CHOICES = ["完成", "未完成"]
COUNT_MEASURES = {"家", "个", "项", "件", "台", "套", "人", "次", "家(个)", "家（个）", "座"}
TASK_STATES = ["未启动", "推进中", "已完成", "滞后"]
TASK_HEADERS = ["序号", "行动", "任务", "工作内容", "本单位职责", "时限", "状态", "进展情况"]
INDICATOR_HEADERS = ["序号", "类别", "指标", "计量单位", "填报口径", "目标", "上期值", "本期值", "完成率", "备注"]
FIRST_DATE_SERIAL, LAST_DATE_SERIAL = "36526", "73050"
BIG_LOW, BIG_HIGH = "-1000000000000", "1000000000000"
ALL_UNITS = "*"


# --- campaign -------------------------------------------------------------------------

def load_campaign(path):
    """Reads campaign.yaml keeping every scalar as written (3.0 stays 3.0)."""
    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    with open(path, "rb") as f:
        c = yaml.load(f, Loader=loader)
    c.setdefault("deadline", "10")
    c["deadline"] = int(c["deadline"])
    total = c.get("total") or {}
    c["_total"] = total.get("code")
    for ind in c.get("indicators", []):
        ind["_targets"] = {k: parse_target(v) for k, v in (ind.get("targets") or {}).items()}
        ind["_by_year"] = {int(y): {k: parse_target(v) for k, v in s.items()}
                           for y, s in (ind.get("by-year") or {}).items()}
        ind["_decimals"] = int(ind["decimals"]) if "decimals" in ind else default_decimals(ind)
    # Tasks by unit, in campaign order (tenglong scans the list; an index is the
    # Python way and only makes the baseline faster).
    by_unit = {}
    for t in c.get("tasks", []) or []:
        seen = set()
        for code in (t.get("lead") or []) + (t.get("co") or []):
            if code not in seen:
                seen.add(code)
                by_unit.setdefault(code, []).append(t)
    c["_tasks"] = by_unit
    return c


class Target:
    __slots__ = ("form", "literal", "note")

    def __init__(self, form, literal="", note=""):
        self.form, self.literal, self.note = form, literal, note

    def display(self):
        if self.form == "number":
            prefix, suffix = note_affixes(self.note)
            return prefix + self.literal + suffix
        if self.form == "na":
            return "/"
        return self.note


def parse_target(v):
    if isinstance(v, dict):
        if "value" in v:
            return Target("number", v["value"].strip(), v.get("note", ""))
        if "text" in v:
            return Target("text", note=v["text"])
        return Target("pending", note=v.get("pending", ""))
    s = v.strip()
    if s in ("na", "/", "NA"):
        return Target("na")
    return Target("number", s)


def note_affixes(note):
    if not note:
        return "", ""
    if note in ("以上", "以下", "左右", "以内", "及以上", "及以下"):
        return "", note
    if note in ("突破", "不低于", "不少于", "不高于", "超过", "力争", "达到"):
        return note, ""
    return "", "（" + note + "）"


def default_decimals(ind):
    places, seen = 0, False
    sets = [ind["_targets"]] + list(ind["_by_year"].values())
    for s in sets:
        for t in s.values():
            if t.form == "number":
                seen = True
                places = max(places, -Decimal(t.literal).as_tuple().exponent)
    if not seen:
        return 2
    if ind["kind"] in ("rate", "change") and places < 1:
        places = 1
    return places


def ym(s):
    y, m = s.split("-")
    return int(y), int(m)


def lookup(tset, unit):
    if unit in tset:
        return tset[unit]
    return tset.get(ALL_UNITS)


def clip(c, start, end):
    span = c["span"]
    s0, e0 = ym(span["start"]), ym(span["end"])
    return max(start, s0), min(end, e0)


def target_for(c, ind, unit, year):
    """(target, (start, end)) or (None, None), like Campaign.TargetFor."""
    span = c["span"]
    if ind.get("scope") == "cumulative":
        for y in sorted(y for y in ind["_by_year"] if y >= year):
            t = lookup(ind["_by_year"][y], unit)
            if t is not None:
                return t, clip(c, ym(span["start"]), (y, 12))
        t = lookup(ind["_targets"], unit)
        if t is not None:
            return t, (ym(span["start"]), ym(span["end"]))
        return None, None
    yspan = clip(c, (year, 1), (year, 12))
    if year in ind["_by_year"]:
        t = lookup(ind["_by_year"][year], unit)
        if t is not None:
            return t, yspan
    t = lookup(ind["_targets"], unit)
    if t is not None:
        return t, yspan
    return None, None


def reports(c, ind, unit, year):
    if unit == c["_total"]:
        return False
    t, _ = target_for(c, ind, unit, year)
    if t is not None:
        return t.form != "na"
    for s in [ind["_targets"]] + list(ind["_by_year"].values()):
        t = lookup(s, unit)
        if t is not None and t.form != "na":
            return True
    for s in [ind["_targets"]] + list(ind["_by_year"].values()):
        if any(code != c["_total"] for code in s):
            return False
    dept = ind.get("department", "")
    if dept:
        names = set(dept.replace("，", "、").replace(",", "、").replace("/", "、")
                    .replace("；", "、").replace(";", "、").replace(" ", "、").split("、")) - {""}
        named = {u["code"] for u in c["units"] if u["name"] in names}
        if named:
            return unit in named
    return any(u["code"] == unit and u.get("kind", "area") == "area" for u in c["units"])


# --- periods ----------------------------------------------------------------------------

class Period:
    def __init__(self, s):
        y, q = s.upper().split("Q")
        self.year, self.quarter = int(y), int(q)
        self.text = s

    def label(self):
        return "%d年第%s季度" % (self.year, "一二三四"[self.quarter - 1])

    def end_month(self):
        return self.year, self.quarter * 3

    def end_date(self):
        y, m = self.end_month()
        return datetime.date(y + (m == 12), m % 12 + 1, 1) - datetime.timedelta(days=1)


def cn_date(d):
    return "%d年%d月%d日" % (d.year, d.month, d.day)


# --- text measures (workbook/layout.go) -----------------------------------------------------

def text_width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def column_width(cells, lo, hi):
    widest = 0
    for c in cells:
        for line in c.split("\n"):
            widest = max(widest, text_width(line))
    return float(min(max(widest + 2, lo), hi))


def wrapped_lines(s, col_width):
    usable = max(int(col_width) - 1, 1)
    lines = 0
    for line in s.split("\n"):
        w = text_width(line)
        lines += 1 if w == 0 else (w + usable - 1) // usable
    return lines


LINE_HEIGHT = 16

# TITLE_FIT is the share of a merged title's estimated width its lines are broken to
# (workbook/layout.go titleFit).
TITLE_FIT = 0.9
OPENERS, CLOSERS = "“‘（(《〔", "”’）)》〕"


def title_phrases(s):
    """Where a title may break (workbook/layout.go titlePhrases)."""
    r = list(s)
    depth = [0] * (len(r) + 1)
    for i, ch in enumerate(r):
        depth[i + 1] = depth[i]
        if ch in OPENERS:
            depth[i + 1] += 1
        elif ch in CLOSERS and depth[i] > 0:
            depth[i + 1] -= 1

    def can_break(i):
        if depth[i] > 0:
            return False
        prev, cur = r[i - 1], r[i]
        if cur in OPENERS or prev in CLOSERS + "、，；：和及与":
            return cur not in CLOSERS + "、，；："
        if "0" <= cur <= "9":
            return not ("0" <= prev <= "9") and prev not in ".-"
        return prev == " " or cur == " "

    out, start = [], 0
    for i in range(1, len(r)):
        if can_break(i):
            out.append("".join(r[start:i]))
            start = i
    out.append("".join(r[start:]))
    return out


def longest_phrase(s):
    return max((text_width(p.strip()) for p in title_phrases(s)), default=0)


def break_title(s, width):
    """A title broken into lines of at most width display columns (workbook/layout.go breakTitle)."""
    if text_width(s) <= width or width < 4:
        return s
    lines, line = [], ""
    for p in title_phrases(s):
        if line == "":
            line = p
        elif text_width((line + p).rstrip(" ")) <= width:
            line += p
        else:
            lines.append(line.strip())
            line = p
        while text_width(line) > width:
            cut, used = 0, 0
            while cut < len(line) and used + text_width(line[cut]) <= width:
                used += text_width(line[cut])
                cut += 1
            cut = max(cut, 1)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.strip())
    return "\n".join(lines)


def fit_row_height(texts, widths):
    lines = 1
    for col, s in texts.items():
        if col in widths:
            lines = max(lines, wrapped_lines(s, widths[col]))
    return LINE_HEIGHT * lines + 6


def range_text(low, high, has_min, has_max):
    if has_min and has_max:
        return "范围 %s 到 %s" % (low, high)
    if has_min:
        return "不能小于 " + low
    if has_max:
        return "不能大于 " + high
    return ""


def row_numbers(preset, rows):
    out = [r.get("no", "") for r in preset] + [""] * (rows - len(preset))
    nxt = 1
    for r in preset:
        try:
            n = int(r.get("no", ""))
        except ValueError:
            continue
        if n >= nxt:
            nxt = n + 1
    for i, v in enumerate(out):
        if not v:
            out[i] = str(nxt)
            nxt += 1
    return out


def truncate(s, n):
    return s if len(s) <= n else s[: n - 1] + "…"


def col_name(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def ref(col, row):
    return "%s%d" % (col_name(col), row)


def decimals_format(n):
    return "0" if n <= 0 else "0." + "0" * n


def quote_format(s):
    return '"' + s.replace('"', "'") + '"' if s else ""


def target_format(t):
    places = len(t.literal) - t.literal.index(".") - 1 if "." in t.literal else 0
    prefix, suffix = note_affixes(t.note)
    return quote_format(prefix) + decimals_format(places) + quote_format(suffix)


def number(literal):
    d = Decimal(literal)
    return int(d) if d == d.to_integral_value() and "." not in literal and "e" not in literal.lower() else float(d)


def safe_file_name(s):
    return "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in s)


def sheet_name(name):
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    return name[:31]


# --- the template as data ---------------------------------------------------------------

class Sheet:
    """One sheet: cells {(row, col): (value, style)}, value a str, int/float, or a
    Formula; style a key of STYLES or None. Rows and columns are 1-based."""

    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.widths = {}
        self.heights = {}
        self.merges = []            # (r1, c1, r2, c2)
        self.validations = []       # dicts, see validation()
        self.print_rows = 0         # header rows repeated on every page / frozen
        self.landscape = False
        self.page_setup = True
        self.state = "visible"

    def set(self, row, col, value, style=None):
        self.cells[(row, col)] = (value, style)

    def style(self, r1, c1, r2, c2, style):
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                v, _ = self.cells.get((r, c), (None, None))
                self.cells[(r, c)] = (v, style)


class Formula(str):
    """A formula without its leading '='."""


# Styles by key, as workbook/styles.go builds them. Fonts: family, size, bold.
def style_spec(key):
    border = True
    if key == "title":
        return dict(font=("黑体", 16, True), align=("center", "center", True), border=False)
    if key == "note":
        return dict(font=("宋体", 10, False), align=(None, "center", True), border=False)
    if key == "header":
        return dict(font=("宋体", 11, True), fill=HEADER_FILL, align=("center", "center", True), border=border)
    if key.startswith("text-"):
        return dict(font=("宋体", 11, False), align=(key[5:], "center", True), border=border)
    if key.startswith("number-"):
        return dict(font=("宋体", 11, False), num_format=key[7:], align=("right", "center", False), border=border)
    if key.startswith("input-"):
        fmt = key[6:]
        spec = dict(font=("宋体", 11, False), fill=INPUT_FILL, unlocked=True, border=border,
                    align=("left", "center", True))
        if fmt:
            spec.update(num_format=fmt, align=("right", "center", False))
        return spec
    if key.startswith("fill-"):
        return dict(font=("Calibri", 11, False), fill=key[5:], border=border)
    raise KeyError(key)


def validation(sqref, kind=None, op=None, f1=None, f2=None, prompt=None, error=None):
    """kind: None (any), decimal, whole, date, textLength, list; prompt/error: (title, msg)."""
    return dict(sqref=sqref, type=kind, operator=op, formula1=f1, formula2=f2, prompt=prompt, error=error)


class Template:
    def __init__(self, c, unit, number, period, deadline, generated, fingerprint, password, key=None):
        self.c, self.unit, self.period = c, unit, period
        self.key = key
        self.titles = []
        self.deadline, self.generated = deadline, generated
        self.password = password
        width = max(2, len(str(len(c["units"]))))
        self.file_name = "%0*d-%s-%s.xlsx" % (width, number, safe_file_name(unit["name"]), period.text)
        self.inputs = []
        self.choices = []
        self.fingerprint = fingerprint
        self.tasks = c["_tasks"].get(unit["code"], [])
        self.sheets = [self.guide(), self.indicators()]
        self.sheets += [self.list(l) for l in c.get("lists", []) or []]
        if self.tasks:
            self.sheets.append(self.task_sheet())
        self.fit_titles()
        self.sheets.append(self.metadata())
        self.active = 1

    def title_row(self, sh, title, cols):
        sh.merges.append((1, 1, 1, cols))
        sh.set(1, 1, title)
        sh.style(1, 1, 1, cols, "title")
        sh.heights[1] = 30
        self.titles.append((sh, title, cols))

    def fit_titles(self):
        """Breaks each merged title between phrases to its columns' width, widening the
        last column when a phrase cannot fit (workbook/template_guide.go fitTitles)."""
        import math
        for sh, title, cols in self.titles:
            width = sum(sh.widths.get(col, DEFAULT_WIDTH) for col in range(1, cols + 1))
            need = longest_phrase(title) * 16 / 11 / TITLE_FIT
            if need > width:
                sh.widths[cols] = sh.widths.get(cols, DEFAULT_WIDTH) + math.ceil(need - width)
                width = need
            text = break_title(title, TITLE_FIT * width * 11 / 16)
            if text == title:
                continue
            sh.set(1, 1, text, sh.cells[(1, 1)][1])
            sh.heights[1] = 30 + 22 * text.count("\n")

    def info_row(self, sh, text, cols):
        sh.merges.append((2, 1, 2, cols))
        sh.set(2, 1, text)
        sh.style(2, 1, 2, cols, "note")

    def headers(self, sh, headers):
        for i, h in enumerate(headers):
            sh.set(3, i + 1, h, "header")

    def guide(self):
        c, u, p = self.c, self.unit, self.period
        sh = Sheet(GUIDE)
        end = p.end_date()
        tz = c.get("timezone") or "Asia/Shanghai"
        zone = "北京时间" if tz == "Asia/Shanghai" else tz + " 时间"
        rows = [("填报单位", u["name"]),
                ("填报期次", "%s（数据截至 %s）" % (p.label(), cn_date(end))),
                ("报送截止", "%s 24时前报送（%s）" % (cn_date(self.deadline), zone))]
        if c.get("issuer"):
            rows.append(("发文单位", c["issuer"]))
        ct = u.get("contact") or {}
        if any(ct.get(k) for k in ("name", "phone", "email")):
            rows.append(("本单位联系人", "  ".join([ct.get("name", ""), ct.get("phone", ""), ct.get("email", "")]).strip()))
        steps = self.guide_steps()
        sh.widths = {1: 16.0, 2: 72.0}
        self.title_row(sh, c["title"], 2)
        row = 3
        for label, value in rows:
            sh.set(row, 1, label, "header")
            sh.set(row, 2, value, "text-left")
            row += 1
        row += 1
        sh.set(row, 1, "怎么填", "header")
        row += 1
        for s in steps:
            sh.merges.append((row, 1, row, 2))
            sh.set(row, 1, s)
            sh.style(row, 1, row, 2, "note")
            sh.heights[row] = LINE_HEIGHT * wrapped_lines(s, 86) + 4
            row += 1
        row += 1
        for color, text in ((INPUT_FILL, "需要填写的格子"), (HEADER_FILL, "表头（锁定）")):
            sh.set(row, 1, None, "fill-" + color)
            sh.set(row, 2, text)
            row += 1
        return sh

    def guide_steps(self):
        """The numbered 怎么填 lines (workbook/template_guide.go guideSteps)."""
        c, u, p = self.c, self.unit, self.period
        steps = []

        def add(text):
            steps.append("%d. %s" % (len(steps) + 1, text))

        lists = [sheet_name(l["name"]) for l in c.get("lists", []) or []]
        sheets = [GUIDE, INDICATORS] + lists + ([TASKS] if self.tasks else [])
        add("本表共%d个工作表：%s。只在浅黄色的格子里填写，其他格子已锁定，不能也不需要修改。"
            % (len(sheets), "、".join("“%s”" % n for n in sheets)))
        reported = [ind for ind in c.get("indicators", []) if reports(c, ind, u["code"], p.year)]
        if not reported:
            add("“%s”：本期没有需要本单位填报的指标，不用填写。" % INDICATORS)
        else:
            add("“%s”：本期值按“填报口径”一列填写，只填数字，不带单位；增速、比重填百分数的数值，例如 7.5 表示 7.5%%。" % INDICATORS)
        qualitative = False
        for ind in reported:
            target, _ = target_for(c, ind, u["code"], p.year)
            qualitative = qualitative or ind["kind"] == "qualitative" or (target is not None and target.form == "text")
        if qualitative:
            add("目标是文字的指标（如“完成省定目标”），本期值选择“完成”或“未完成”，并在备注里写明情况。")
        if reported:
            add("备注：数据有变动、口径不同或未完成的原因写在备注里。")
        if lists:
            add("%s：每行填一条，列名带 * 的必须填写；下拉列只能选列出的值；日期写成 %s 这样的 年-月-日；统一社会信用代码为 18 位。"
                % ("、".join("“%s”" % n for n in lists), p.end_date().isoformat()))
        if self.tasks:
            add("“%s”：为本单位牵头或配合的每项任务选择状态，并简要写明进展情况。" % TASKS)
        add("请勿修改表格结构和工作表名称；保存为 .xlsx 格式（不要另存为 .xls 或 .et），%s前报送。" % cn_date(self.deadline))
        return steps

    def basis(self, ind, span, qualitative, has_target):
        if qualitative:
            return "选择“完成”或“未完成”，情况写在备注"
        c = self.c
        ey, em = self.period.end_month()
        start = ym(c["span"]["start"])
        fy, fm = max((ey, 1), start)
        ytd = "%d年%d—%d月" % (ey, fm, em) if fm != em else "%d年%d月" % (ey, em)
        kind = ind["kind"]
        if kind == "flow":
            if ind.get("scope") == "cumulative":
                sy, sm = span[0] if has_target else start
                return "%d年%d月起累计至%d年%d月" % (sy, sm, ey, em)
            return ytd + "累计"
        if kind in ("level", "lower-better"):
            return "%d年%d月末数" % (ey, em)
        if kind == "rate":
            return ytd + "，填百分数的数值"
        if kind == "change":
            if ind.get("measure") == "%":
                return ytd + "同比，填百分数的数值"
            return ytd + "，单位：" + ind.get("measure", "")
        return ytd

    def indicators(self):
        c, u, p = self.c, self.unit, self.period
        sh = Sheet(INDICATORS)
        ncols = len(INDICATOR_HEADERS)
        self.title_row(sh, "%s %s 指标填报表" % (u["name"], p.label()), ncols)
        self.info_row(sh, "填报单位：%s    期次：%s    报送截止：%s    只填浅黄色格子" % (
            u["name"], p.label(), self.deadline.isoformat()), ncols)
        self.headers(sh, INDICATOR_HEADERS)
        widths = {i + 1: [h] for i, h in enumerate(INDICATOR_HEADERS)}
        reported = [ind for ind in c.get("indicators", []) if reports(c, ind, u["code"], p.year)]
        limits = {1: (5, 6), 2: (8, 16), 3: (16, 40), 4: (8, 12), 5: (12, 24), 6: (10, 24),
                  7: (10, 14), 8: (12, 16), 9: (10, 20), 10: (20, 30)}
        row_texts = []
        for i, ind in enumerate(reported):
            row = FIRST_INPUT_ROW + i
            target, span = target_for(c, ind, u["code"], p.year)
            has_target = target is not None
            target = target or Target("")
            qualitative = ind["kind"] == "qualitative" or target.form == "text"
            basis = self.basis(ind, span, qualitative, has_target)
            texts = {1: ind.get("no") or str(i + 1), 2: ind.get("category", ""), 3: ind["name"],
                     4: ind.get("measure", ""), 5: basis}
            for col, s in texts.items():
                sh.set(row, col, s, "text-center" if col in (1, 4) else "text-left")
            tref = ref(6, row)
            if target.form == "number":
                sh.set(row, 6, number(target.literal), "number-" + target_format(target))
                self.inputs.append(("target", ind["id"], INDICATORS, tref, target.literal))
            else:
                shown = target.display() if has_target else "（无目标，只报实际）"
                sh.set(row, 6, shown, "text-center")
            texts[6] = target.display() if target.form == "number" else shown
            sh.set(row, 7, None, "number-" + decimals_format(ind["_decimals"]))
            vref = ref(8, row)
            sh.set(row, 8, None, "input-" + ("" if qualitative else "General"))
            sh.validations.append(value_validation(ind, vref, qualitative, basis))
            self.inputs.append(("value", ind["id"], INDICATORS, vref, ""))
            formula, fmt = completion_formula(ind["kind"], target, vref, tref, ind["_decimals"])
            sh.set(row, 9, Formula(formula) if formula else None, "number-" + (fmt or "General"))
            texts[9] = widest_completion(fmt)
            sh.set(row, 10, None, "input-")
            self.inputs.append(("note", ind["id"], INDICATORS, ref(10, row), ""))
            for col, s in texts.items():
                widths[col].append(s)
            row_texts.append(texts)
        if not reported:
            sh.merges.append((FIRST_INPUT_ROW, 1, FIRST_INPUT_ROW, ncols))
            sh.set(FIRST_INPUT_ROW, 1, "本期没有需要本单位填报的指标；请填写其他工作表（如任务进展）。")
            sh.style(FIRST_INPUT_ROW, 1, FIRST_INPUT_ROW, ncols, "text-center")
            sh.heights[FIRST_INPUT_ROW] = 24
        for col in range(1, ncols + 1):
            sh.widths[col] = column_width(widths[col], *limits[col])
        for i, texts in enumerate(row_texts):
            sh.heights[FIRST_INPUT_ROW + i] = fit_row_height(texts, sh.widths)
        sh.print_rows, sh.landscape = 3, True
        return sh

    def list(self, l):
        u, p = self.unit, self.period
        sh = Sheet(sheet_name(l["name"]))
        columns = l.get("columns", [])
        cols = len(columns) + 1
        self.title_row(sh, "%s %s %s" % (u["name"], p.label(), l["name"]), cols)
        self.info_row(sh, "每行填一条，带 * 的列必须填写；没有的行留空。已列出的行请核对并更新。", cols)
        headers = ["序号"] + [col["title"] + (" *" if is_true(col.get("required")) else "") for col in columns]
        self.headers(sh, headers)
        preset = [r for r in l.get("preset", []) or [] if not r.get("unit") or r.get("unit") == u["code"]]
        rows = max(len(preset) + int(l.get("rows", "0")), 1)
        first, last = FIRST_INPUT_ROW, FIRST_INPUT_ROW + rows - 1
        for i, no in enumerate(row_numbers(preset, rows)):
            sh.set(first + i, 1, no, "text-center")
        widths = {i + 1: [h] for i, h in enumerate(headers)}
        for j, col in enumerate(columns):
            cn = j + 2
            rng = "%s:%s" % (ref(cn, first), ref(cn, last))
            style = "input-" + column_format(col)
            for r in range(first, last + 1):
                sh.set(r, cn, None, style)
            for i, r in enumerate(preset):
                v = (r.get("values") or {}).get(col["id"])
                if v is not None:
                    widths[cn].append(v)
                    sh.set(first + i, cn, v, style)
            dv = self.column_validation(col, rng)
            if dv:
                sh.validations.append(dv)
            self.inputs.append(("list", l["id"] + "." + col["id"], sh.name, rng, ""))
        for cn in range(1, cols + 1):
            sh.widths[cn] = column_width(widths[cn], 6, 40)
        for i, r in enumerate(preset):
            texts = {j + 2: (r.get("values") or {}).get(col["id"], "") for j, col in enumerate(columns)}
            sh.heights[first + i] = fit_row_height(texts, sh.widths)
        sh.print_rows, sh.landscape = 3, cols > 6
        return sh

    def column_validation(self, col, rng):
        t, title = col.get("type", "text"), col["title"]
        if t in ("decimal", "integer"):
            low, high = col.get("min", BIG_LOW), col.get("max", BIG_HIGH)
            kind, what = ("whole", "整数") if t == "integer" else ("decimal", "数字")
            msg = "“%s”只能填%s" % (title, what)
            r = range_text(low, high, "min" in col, "max" in col)
            if r:
                msg += "，" + r
            return validation(rng, kind, "between", low, high, (truncate(title, 30), "只填" + what + "，不带单位"),
                              ("请填写" + what, truncate(msg, 250)))
        if t == "date":
            return validation(rng, "date", "between", FIRST_DATE_SERIAL, LAST_DATE_SERIAL,
                              (truncate(title, 30), "填日期，如 2023-09-30"), ("请填写日期", "请写成 2023-09-30 这样的日期"))
        if t == "enum":
            values = col["values"]
            inline = ",".join(values)
            if len(inline) > 200 or any(ch in "".join(values) for ch in '",') or len(inline.encode("utf-16-le")) // 2 > 255:
                f1 = self.choice_range(values)
            else:
                f1 = '"' + inline + '"'
            return validation(rng, "list", None, f1, None, (truncate(title, 30), "从下拉列表中选择"),
                              ("只能选择", truncate("请从下拉列表中选择：" + "、".join(values), 250)))
        if t == "uscc":
            return validation(rng, "textLength", "between", "18", "18", ("统一社会信用代码", "18 位，数字和大写字母，见营业执照"),
                              ("代码位数不对", "统一社会信用代码是 18 位，请核对营业执照"))
        if not is_true(col.get("required")):
            return None
        return validation(rng, prompt=(truncate(title, 30), "必填"))

    def choice_range(self, values):
        self.choices.append(values)
        cn = col_name(8 + len(self.choices) - 1)
        return "'%s'!$%s$2:$%s$%d" % (META, cn, cn, len(values) + 1)

    def task_sheet(self):
        u, p = self.unit, self.period
        sh = Sheet(TASKS)
        cols = len(TASK_HEADERS)
        self.title_row(sh, "%s %s 任务进展" % (u["name"], p.label()), cols)
        self.info_row(sh, "请为每项任务选择状态，并简要写明本期进展；牵头单位写总体进展，配合单位写本单位承担部分。", cols)
        self.headers(sh, TASK_HEADERS)
        caps = [6, 14, 20, 60, 10, 12, 10, 40]
        for i, t in enumerate(self.tasks):
            row = FIRST_INPUT_ROW + i
            role = "牵头" if u["code"] in (t.get("lead") or []) else "配合"
            values = [t.get("no") or str(i + 1), t.get("action", ""), t["title"], t.get("text", ""), role, t.get("due", "")]
            for j, v in enumerate(values):
                sh.set(row, j + 1, v, "text-center" if j in (0, 4, 5) else "text-left")
            sh.set(row, 7, None, "input-")
            sh.set(row, 8, None, "input-")
            self.inputs.append(("task-status", t["id"], TASKS, ref(7, row), ""))
            self.inputs.append(("task-progress", t["id"], TASKS, ref(8, row), ""))
            sh.heights[row] = fit_row_height({2: t.get("action", ""), 3: t["title"], 4: t.get("text", "")},
                                             {2: caps[1], 3: caps[2], 4: caps[3]})
        last = FIRST_INPUT_ROW + len(self.tasks) - 1
        sh.validations.append(validation("%s:%s" % (ref(7, FIRST_INPUT_ROW), ref(7, last)), "list", None,
                                         '"' + ",".join(TASK_STATES) + '"', None, ("状态", "从下拉列表中选择"),
                                         ("只能选择", "请选择：" + "、".join(TASK_STATES))))
        sh.widths = {j + 1: float(w) for j, w in enumerate(caps)}
        sh.print_rows, sh.landscape = 3, True
        return sh

    def metadata(self):
        u = self.unit
        sh = Sheet(META)
        sh.page_setup, sh.state = False, "veryHidden"
        sh.set(1, 1, "tenglong 填报模板元数据：tenglong 靠它识别本表，请勿修改")
        fields = [("format", TEMPLATE_FORMAT), ("campaign", self.c["id"]), ("fingerprint", self.fingerprint),
                  ("unit", u["code"]), ("unit-name", u["name"]), ("period", self.period.text),
                  ("generated", self.generated.isoformat()), ("deadline", self.deadline.isoformat())]
        if self.key:
            fields.append(("signature", self.signature([v for _, v in fields])))
        for i, (k, v) in enumerate(fields):
            sh.set(i + 2, 1, k)
            sh.set(i + 2, 2, v)
        for j, h in enumerate(["kind", "key", "sheet", "ref", "target"]):
            sh.set(META_TABLE_ROW, j + 1, h)
        for i, inp in enumerate(self.inputs):
            for j, v in enumerate(inp):
                sh.set(META_TABLE_ROW + 1 + i, j + 1, v)
        for i, values in enumerate(self.choices):
            sh.set(1, 8 + i, "choices")
            for j, v in enumerate(values):
                sh.set(j + 2, 8 + i, v)
        return sh


    def signature(self, fields):
        """HMAC-SHA256 (hex) of the metadata under the workspace's key, over the
        length-prefixed text of workbook/metadata.go signedText."""
        import hashlib
        import hmac
        b = bytearray()

        def put(v):
            v = str(v).encode("utf-8")
            b.extend(b"%d:" % len(v) + v + b"\n")

        put(SIGNING_VERSION)
        for v in fields:
            put(v)
        put(len(self.inputs))
        for inp in self.inputs:
            for v in inp:
                put(v)
        return hmac.new(self.key, bytes(b), hashlib.sha256).hexdigest()


def is_true(v):
    return str(v).lower() in ("true", "yes", "on")


def column_format(col):
    t = col.get("type", "text")
    return {"decimal": "General", "integer": "General", "date": "yyyy-mm-dd", "uscc": "@"}.get(t, "")


def value_validation(ind, vref, qualitative, basis):
    if qualitative:
        return validation(vref, "list", None, '"' + ",".join(QUALITATIVE_CHOICES) + '"', None,
                          ("本期值", "请选择“完成”或“未完成”"), ("只能选择", "请从下拉列表中选择“完成”或“未完成”"))
    low, high = ind.get("min", BIG_LOW), ind.get("max", BIG_HIGH)
    kind, what = ("whole", "整数") if ind.get("measure", "") in COUNT_MEASURES else ("decimal", "数字")
    measure = ind.get("measure") or "无"
    msg = "这里要填%s（单位：%s），不要填文字或单位" % (what, measure)
    r = range_text(low, high, "min" in ind, "max" in ind)
    if r:
        msg += "；" + r
    return validation(vref, kind, "between", low, high,
                      ("本期值", truncate("%s。只填%s，不带单位（单位：%s）" % (basis, what, measure), 250)),
                      ("请填写" + what, truncate(msg, 250)))


def points_format(places):
    n = decimals_format(places)
    return '+%s"个百分点";-%s"个百分点";%s"个百分点"' % (n, n, n)


def widest_completion(fmt):
    """The widest text a 完成率 cell can show, for its column's width."""
    if not fmt:
        return ""
    return "-1234.5个百分点" if "个百分点" in fmt else "12345.6%"


def completion_formula(kind, target, value, tgt, decimals):
    if target.form != "number" or kind == "qualitative":
        return "", ""
    if kind in ("rate", "change"):
        return ('IF(ISNUMBER(%s),%s-%s,"")' % (value, value, tgt), points_format(max(decimals, 1)))
    if kind == "lower-better":
        return 'IF(AND(ISNUMBER(%s),%s>0,%s>0),%s/%s,"")' % (value, value, tgt, tgt, value), "0.0%"
    return 'IF(AND(ISNUMBER(%s),%s>0),%s/%s,"")' % (value, tgt, value, tgt), "0.0%"


# --- the run ----------------------------------------------------------------------------------

def templates(c, period_text, units, fingerprint, generated=None, key=None):
    """Yields the Template of each selected unit (a list of indexes into c['units']).
    fingerprint maps a unit code to its template fingerprint (gencampaign -period)."""
    period = Period(period_text)
    deadline = period.end_date() + datetime.timedelta(days=c["deadline"])
    generated = generated or today_in(c.get("timezone") or "Asia/Shanghai")
    for i in units:
        u = c["units"][i]
        yield Template(c, u, i + 1, period, deadline, generated, fingerprint[u["code"]], c["id"], key)


def today_in(tz):
    """The date in the campaign's time zone, as tenglong stamps it on a template (a run
    between 16:00 and 24:00 UTC is already the next day in Asia/Shanghai)."""
    try:
        import zoneinfo
        zone = zoneinfo.ZoneInfo(tz)
    except Exception:  # no system tz database: the default zone is a fixed UTC+8
        if tz != "Asia/Shanghai":
            raise
        zone = datetime.timezone(datetime.timedelta(hours=8))
    return datetime.datetime.now(zone).date()


def split(n, parts):
    """Splits range(n) into `parts` interleaved chunks, for worker processes."""
    return [list(range(k, n, parts)) for k in range(parts) if k < n]


# --- command line shared by the writers -----------------------------------------------------

def _work(args):
    """Runs in a worker process: writes the templates of some units, returns their
    manifest rows (unit index, manifest row)."""
    write, c, period, units, fingerprint, key, out = args
    import hashlib
    import os
    rows = []
    for t in templates(c, period, units, fingerprint, key=key):
        path = os.path.join(out, t.file_name)
        write(t, path)
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        ct = t.unit.get("contact") or {}
        rows.append((t.unit["code"], [t.unit["code"], t.unit["name"], ct.get("name", ""), ct.get("email", ""), t.file_name, digest]))
    return rows


_shared = {}


def _work_shared(job):
    # Forked workers read the campaign parsed by the parent (copy-on-write).
    write, units = job
    s = _shared
    return _work((write, s["c"], s["period"], units, s["fingerprint"], s["key"], s["out"]))


def run(write, tool):
    """python3 X_templates.py --campaign campaign.yaml --sidecar campaign.json
    --period 2022Q3 --out DIR [--units N] [--workers W]"""
    import argparse
    import csv
    import json
    import multiprocessing
    import os
    import resource
    import time

    ap = argparse.ArgumentParser(description="write tenglong's unit templates with " + tool)
    ap.add_argument("--campaign", required=True)
    ap.add_argument("--sidecar", required=True, help="JSON from gencampaign -sidecar -period (the template fingerprints)")
    ap.add_argument("--store", help="the workspace's tenglong.db: sign with its key, as tenglong generate does")
    ap.add_argument("--period", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--units", type=int, default=0, help="only the first N units (0: all)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()

    start = time.monotonic()
    c = load_campaign(a.campaign)
    with open(a.sidecar, encoding="utf-8") as f:
        fingerprint = json.load(f)["template_fingerprints"]
    key = None
    if a.store:
        import sqlite3
        db = sqlite3.connect("file:%s?mode=ro" % a.store, uri=True)
        key = db.execute("SELECT key FROM signing_key WHERE id = 1").fetchone()[0]
        db.close()
    n = len(c["units"]) if a.units <= 0 else min(a.units, len(c["units"]))
    os.makedirs(a.out, exist_ok=True)
    loaded = time.monotonic()
    if a.workers <= 1:
        results = _work((write, c, a.period, list(range(n)), fingerprint, key, a.out))
    else:
        _shared.update(c=c, period=a.period, fingerprint=fingerprint, key=key, out=a.out)
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(a.workers) as pool:
            results = [r for chunk in pool.map(_work_shared, [(write, part) for part in split(n, a.workers)]) for r in chunk]
    order = {u["code"]: i for i, u in enumerate(c["units"])}
    results.sort(key=lambda r: order[r[0]])
    with open(os.path.join(a.out, "manifest.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["单位代码", "单位名称", "联系人", "电子邮箱", "文件", "sha256"])
        w.writerows(r[1] for r in results)
    done = time.monotonic()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print("%s: %d templates, %d workers, load %.2f s, write %.2f s; max RSS parent %d MB, largest worker %d MB"
          % (tool, n, max(a.workers, 1), loaded - start, done - loaded, self_kb // 1024, child_kb // 1024))
    # For bench/compare.sh, which scales a sample's write time to the whole campaign.
    print("BENCH units=%d total=%d load=%.3f write=%.3f" % (n, len(c["units"]), loaded - start, done - loaded))
