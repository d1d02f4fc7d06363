package upward

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"tenglong/campaign"
	"tenglong/score"
	"tenglong/workbook"
)

// listsYAML writes the city's lists and tasks into the county's campaign.yaml: the
// townships fill the same columns, and upward merges their rows back into the city's
// sheet. A task's lead is left empty: the office names its own units.
func listsYAML(w func(string, ...any), pt *workbook.ParentTemplate) {
	if len(pt.Lists) > 0 {
		w("\n# 上级模板的清单：各单位按同样的列填报；tenglong upward 把各单位的行合并去重\n")
		w("# （统一社会信用代码相同的只报一次，没有这一列的，整行相同的只报一次）后填回上级模板。不要改清单和列的代码。\n")
		w("# 要让一家企业只能由一个单位填报（重复的退回），在统一社会信用代码列加 unique: true。\n")
		w("lists:\n")
	}
	for _, l := range pt.Lists {
		w("  - id: %s\n", l.ID)
		w("    name: %s\n", quote(l.Name))
		w("    rows: %d   # 上级模板给本级留了 %d 行，各单位合并去重后不能超过\n", min(l.Last-l.First+1, 50), l.Last-l.First+1)
		w("    columns:\n")
		for _, c := range l.Columns {
			fields := []string{"id: " + c.ID, "title: " + quote(c.Title), "type: " + string(c.Type)}
			if c.Required {
				fields = append(fields, "required: true")
			}
			if c.Min != "" && isNumber(c.Min) {
				fields = append(fields, "min: "+c.Min)
			}
			if c.Max != "" && isNumber(c.Max) {
				fields = append(fields, "max: "+c.Max)
			}
			if len(c.Values) > 0 {
				vs := make([]string, len(c.Values))
				for i, v := range c.Values {
					vs[i] = quote(v)
				}
				fields = append(fields, "values: ["+strings.Join(vs, ", ")+"]")
			}
			w("      - {%s}\n", strings.Join(fields, ", "))
		}
		if len(l.Preset) > 0 {
			w("    # 上级模板给本级预填的行：每个单位的模板都会列出；可以加 unit: 单位代码，只让负责的单位核对更新\n")
			w("    preset:\n")
		}
		for _, r := range l.Preset {
			var vs []string
			for _, c := range l.Columns {
				if v, ok := r.Values[c.ID]; ok {
					vs = append(vs, c.ID+": "+quote(v))
				}
			}
			w("      - {no: %s, values: {%s}}\n", quote(r.No), strings.Join(vs, ", "))
		}
	}
	if len(pt.Tasks) > 0 {
		w("\n# 上级模板的任务：请在 lead 里写本级牵头的单位代码（可写几个），配合的写在 co 里；\n")
		w("# tenglong upward 按各单位报的状态和进展填回上级模板。\n")
		w("tasks:\n")
	}
	for _, t := range pt.Tasks {
		role := "配合"
		if t.Lead {
			role = "牵头"
		}
		w("  # 上级任务 %s，本级是%s单位\n", oneLine(t.No), role)
		w("  - id: %s\n", t.ID)
		if t.No != "" {
			w("    no: %s\n", quote(t.No))
		}
		if t.Action != "" {
			w("    action: %s\n", quote(t.Action))
		}
		w("    title: %s\n", quote(t.Title))
		if t.Text != "" {
			w("    text: %s\n", quote(t.Text))
		}
		w("    %s\n", emptyLead)
		if isDate(t.Due) {
			w("    due: %s\n", t.Due)
		}
	}
}

// emptyLead is the line listsYAML leaves for the office's lead units of a task.
const emptyLead = "lead: []"

func isDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// listCells fills the city's lists with the county's merged rows, deduplicated by the
// list's key columns (统一社会信用代码; or the whole row), in unit then row order.
func listCells(c *campaign.Campaign, k *score.Consolidation, pt *workbook.ParentTemplate) (cells []workbook.Fill, lines []string, rows []detailLine, probs []string) {
	for _, pl := range pt.Lists {
		l := countyList(c, pl.ID)
		if l == nil {
			probs = append(probs, fmt.Sprintf("上级模板要填清单“%s”（%s），本级 campaign.yaml 的 lists 里没有这个清单：请恢复后重新汇总", pl.Name, pl.ID))
			continue
		}
		var missing []string
		for _, pc := range pl.Columns {
			if !hasColumn(l, pc.ID) {
				missing = append(missing, fmt.Sprintf("“%s”（%s）", pc.Title, pc.ID))
			}
		}
		if len(missing) > 0 {
			probs = append(probs, fmt.Sprintf("上级模板的清单“%s”有列%s，本级 campaign.yaml 第 %d 行的清单没有：请恢复这些列，各单位按它填报", pl.Name, strings.Join(missing, "、"), l.Line))
			continue
		}
		var merged []score.MergedRow
		for _, ml := range k.Lists {
			if ml.List.ID == l.ID {
				merged = ml.Rows
			}
		}
		kept, dropped := dedupe(l, merged)
		capacity := pl.Last - pl.First + 1
		if len(kept) > capacity {
			probs = append(probs, fmt.Sprintf("清单“%s”合并去重后有 %d 行，上级模板只留了 %d 行：请向上级要一份留足行数的模板", pl.Name, len(kept), capacity))
			continue
		}
		for i, r := range kept {
			for _, pc := range pl.Columns {
				v := r.Values.Get(pc.ID)
				if v == "" {
					continue
				}
				number := pc.Type == campaign.ColDecimal || pc.Type == campaign.ColInteger
				if d, err := time.Parse("2006-01-02", v); err == nil && pc.Type == campaign.ColDate {
					v, number = dateSerial(d), true // a date cell, as the city's template formats it
				}
				cells = append(cells, workbook.Fill{Sheet: pl.Sheet, Cell: workbook.CellName(pc.Col, pl.First+i), Value: v, Text: !number})
			}
		}
		for i := len(kept); i < pl.Filled; i++ { // the city's pre-filled rows beyond the county's
			for _, pc := range pl.Columns {
				cells = append(cells, workbook.Fill{Sheet: pl.Sheet, Cell: workbook.CellName(pc.Col, pl.First+i), Value: "", Text: true})
			}
		}
		counts := map[string]int{}
		for _, r := range merged {
			counts[r.Unit]++
		}
		line := fmt.Sprintf("清单“%s”合并了各单位的 %d 行", pl.Name, len(merged))
		if dropped > 0 {
			line += fmt.Sprintf("，其中 %d 行与其他单位重复（%s相同），只报一次", dropped, keyTitles(l))
		}
		lines = append(lines, line+fmt.Sprintf("，共 %d 行。", len(kept)))
		d := detailLine{name: "清单：" + pl.Name, measure: "行", value: fmt.Sprint(len(kept)), basis: "合并去重"}
		for _, u := range c.Units {
			if accepted(k, u.Code) {
				d.units = append(d.units, fmt.Sprint(counts[u.Code]))
			} else {
				d.units = append(d.units, notReported)
			}
		}
		rows = append(rows, d)
	}
	return cells, lines, rows, probs
}

// dateSerial is a date as Excel's serial number (days since 1899-12-30).
func dateSerial(d time.Time) string {
	return fmt.Sprint(int(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24))
}

// accepted: the unit has an accepted return this period.
func accepted(k *score.Consolidation, unit string) bool {
	for _, s := range k.Submissions {
		if s.Unit == unit {
			return s.State == score.StateAccepted
		}
	}
	return false
}

func countyList(c *campaign.Campaign, id string) *campaign.List {
	for i := range c.Lists {
		if c.Lists[i].ID == id {
			return &c.Lists[i]
		}
	}
	return nil
}

func hasColumn(l *campaign.List, id string) bool {
	for _, c := range l.Columns {
		if c.ID == id {
			return true
		}
	}
	return false
}

// keyColumns are the columns that say two rows are the same entry: the unique ones
// (统一社会信用代码); none, and the whole row is the key.
func keyColumns(l *campaign.List) []campaign.Column {
	var out []campaign.Column
	for _, c := range l.Columns {
		if c.Unique || c.Type == campaign.ColUSCC {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return l.Columns
	}
	return out
}

func keyTitles(l *campaign.List) string {
	keys := keyColumns(l)
	if len(keys) == len(l.Columns) {
		return "各列都"
	}
	titles := make([]string, len(keys))
	for i, c := range keys {
		titles[i] = c.Title
	}
	return strings.Join(titles, "、")
}

// dedupe keeps the first row of each key (the campaign's unit order): a row whose key
// columns are all empty is kept as it is.
func dedupe(l *campaign.List, rows []score.MergedRow) (kept []score.MergedRow, dropped int) {
	keys := keyColumns(l)
	seen := map[string]bool{}
	for _, r := range rows {
		parts := make([]string, len(keys))
		empty := true
		for i, c := range keys {
			parts[i] = r.Values.Get(c.ID)
			empty = empty && parts[i] == ""
		}
		key := strings.Join(parts, "\x00")
		if !empty && seen[key] {
			dropped++
			continue
		}
		seen[key] = true
		kept = append(kept, r)
	}
	return kept, dropped
}

// taskCells fills the city's 任务进展: each task's status from its units' (worded as
// the city's dropdown offers) and their progress, each named.
func taskCells(c *campaign.Campaign, k *score.Consolidation, pt *workbook.ParentTemplate, partial bool) (cells []workbook.Fill, rows []detailLine, probs []string) {
	for _, ptask := range pt.Tasks {
		var line *score.TaskLine
		for i := range k.Tasks {
			if k.Tasks[i].Task.ID == ptask.ID {
				line = &k.Tasks[i]
			}
		}
		if line == nil {
			probs = append(probs, fmt.Sprintf("上级模板要填任务“%s”（%s），本级 campaign.yaml 的 tasks 里没有这项任务：请恢复后重新汇总", ptask.Title, ptask.ID))
			continue
		}
		status, progress := taskStatus(c, line)
		if status == "" {
			if !partial {
				probs = append(probs, fmt.Sprintf("任务“%s”本级还没有单位报送状态：请让牵头单位报送；确需先报，加 --partial", ptask.Title))
			}
			continue
		}
		cells = append(cells, workbook.Fill{Sheet: workbook.TaskSheet, Cell: ptask.StatusCell, Value: status, Text: true})
		if ptask.ProgressCell != "" && progress != "" {
			cells = append(cells, workbook.Fill{Sheet: workbook.TaskSheet, Cell: ptask.ProgressCell, Value: progress, Text: true})
		}
		d := detailLine{name: "任务：" + ptask.Title, measure: "状态", value: status, basis: "按各单位状态"}
		for _, u := range c.Units {
			d.units = append(d.units, "—")
			for _, r := range line.Reports {
				if r.Unit == u.Code {
					d.units[len(d.units)-1] = notReported
					if r.Status != "" {
						d.units[len(d.units)-1] = r.Status
					}
				}
			}
		}
		rows = append(rows, d)
	}
	return cells, rows, probs
}

// taskStatus is the county's status of a task from its units' reports: 已完成 when
// every reporting unit has finished, 滞后 when any is behind, 未启动 when none has
// started, 推进中 otherwise; "" when no unit reported a status. The progress names
// each unit (牵头 first): 武康街道：…；舞阳街道：….
func taskStatus(c *campaign.Campaign, line *score.TaskLine) (status, progress string) {
	var states []string
	var parts []string
	for _, r := range line.Reports {
		if !r.Reported {
			continue
		}
		if r.Status != "" {
			states = append(states, r.Status)
		}
		if p := strings.TrimSpace(r.Progress); p != "" {
			name := r.Unit
			if u, ok := c.Unit(r.Unit); ok {
				name = u.Name
			}
			parts = append(parts, name+"："+strings.TrimRight(p, "；;。."))
		}
	}
	if len(parts) > 0 {
		progress = strings.Join(parts, "；") + "。"
	}
	if len(states) == 0 {
		return "", progress
	}
	all := func(s string) bool {
		for _, x := range states {
			if x != s {
				return false
			}
		}
		return true
	}
	switch {
	case all(score.TaskDone):
		return score.TaskDone, progress
	case slices.Contains(states, score.TaskBehind):
		return score.TaskBehind, progress
	case all(score.TaskNotStarted):
		return score.TaskNotStarted, progress
	}
	return score.TaskInProgress, progress
}

// detailLine is a 明细 row that is no indicator: a list's row counts, a task's states.
type detailLine struct {
	name, measure string
	units         []string // by unit in campaign order
	value, basis  string
}
