package workbook

import (
	"fmt"
	"strings"

	"tenglong/campaign"
	"tenglong/score"
)

// taskTable is the 任务进展 sheet: one row per task and reporting unit — lead units
// first — with the task's columns merged down over its units, then the lead units'
// counts by status.
func taskTable(k *score.Consolidation, st *styles) *sheetTable {
	c := k.Campaign
	specs := []colSpec{{5, 8, "center"}, {12, 30, "left"}, {11, 12, "center"}, {8, 16, "center"}, {8, 20, "center"},
		{8, 16, "left"}, {6, 8, "center"}, {8, 10, "center"}, {20, 50, "left"}}
	t := newSheetTable(st, taskSummarySheet, specs)
	t.freezeRows, t.headFrom = 3, 3
	t.addTitle(st, summaryTitle(k, "任务进展"))
	t.addNote(st, "状态为各单位在本期报送中填写的进展；“未报”为没有填写，或该单位本期没有已采用的报送。")
	var hs []tcell
	for _, h := range []string{"序号", "任务", "时限", "牵头单位", "配合单位", "填报单位", "角色", "状态", "进展情况"} {
		hs = append(hs, strCell(h, st.header()))
	}
	t.addRow(bodyLine, hs)

	center, left := st.cell(cellStyle{align: "center"}), st.cell(cellStyle{align: "left"})
	for i, line := range k.Tasks {
		task := line.Task
		no := task.No
		if no == "" {
			no = itoa(i + 1)
		}
		due := ""
		if task.Due != nil {
			due = task.Due.Format("2006-01-02")
		}
		n := max(len(line.Reports), 1)
		lead := []tcell{{value: no, style: center, down: n}, {value: task.Title, style: left, down: n},
			{value: due, style: center, down: n}, {value: unitNames(c, task.Lead), style: center, down: n},
			{value: unitNames(c, task.Co), style: center, down: n}}
		covered := []tcell{emptyCell(center), emptyCell(left), emptyCell(center), emptyCell(center), emptyCell(center)}
		if len(line.Reports) == 0 {
			t.addRow(bodyLine, append(lead, emptyCell(left), emptyCell(center), emptyCell(center), emptyCell(left)))
			continue
		}
		for j, rep := range line.Reports {
			row := covered
			if j == 0 {
				row = lead
			}
			role := "配合"
			if rep.Lead {
				role = "牵头"
			}
			status, fill := "未报", missingFill
			if rep.Reported {
				status, fill = rep.Status, taskFill(rep.Status)
			}
			row = append(append([]tcell(nil), row...), strCell(c.UnitName(rep.Unit), left), strCell(role, center),
				strCell(status, st.cell(cellStyle{align: "center", fill: fill})), strCell(rep.Progress, left))
			t.addRow(bodyLine, row)
		}
	}

	if len(k.TaskUnits) == 0 {
		return t
	}
	t.addRow(bodyLine, nil)
	t.addRow(bodyLine, append([]tcell{emptyCell(0)}, spanned(strCell("按牵头单位汇总", st.header()), 7)...))
	hs = nil
	for _, h := range []string{"序号", "牵头单位", "牵头任务数", "已完成", "推进中", "未启动", "滞后", "未报"} {
		hs = append(hs, strCell(h, st.header()))
	}
	t.addRow(bodyLine, hs)
	var sum score.TaskSummary
	count := func(n int, bold bool) tcell {
		return numCell(float64(n), st.cell(cellStyle{format: "0", align: "center", bold: bold}), itoa(n))
	}
	for i, s := range k.TaskUnits {
		t.addRow(bodyLine, []tcell{count(i+1, false), strCell(c.UnitName(s.Unit), left), count(s.Led, false), count(s.Done, false),
			count(s.InProgress, false), count(s.NotStarted, false), count(s.Behind, false), count(s.Unreported, false)})
		sum.Led += s.Led
		sum.Done += s.Done
		sum.InProgress += s.InProgress
		sum.NotStarted += s.NotStarted
		sum.Behind += s.Behind
		sum.Unreported += s.Unreported
	}
	t.addRow(bodyLine, []tcell{emptyCell(st.cell(cellStyle{align: "center", bold: true})), strCell("合计", st.cell(cellStyle{align: "left", bold: true})),
		count(sum.Led, true), count(sum.Done, true), count(sum.InProgress, true), count(sum.NotStarted, true), count(sum.Behind, true), count(sum.Unreported, true)})
	return t
}

// taskFill colours a task status: done green, not started yellow, behind red.
func taskFill(status string) string {
	switch status {
	case score.TaskDone:
		return greenFill
	case score.TaskNotStarted:
		return yellowFill
	case score.TaskBehind:
		return redFill
	}
	return ""
}

// reportingTable is the 报送情况 sheet: per unit its state, when its file came,
// whether late, its errors and warnings, and a 合计 line.
func reportingTable(k *score.Consolidation, st *styles) *sheetTable {
	c := k.Campaign
	specs := []colSpec{{5, 6, "center"}, {8, 20, "left"}, {8, 10, "center"}, {17, 18, "center"}, {8, 10, "center"}, {6, 8, "right"}, {6, 8, "right"}}
	t := newSheetTable(st, reportingSheet, specs)
	t.freezeRows, t.headFrom = 3, 3
	t.addTitle(st, summaryTitle(k, "报送情况"))
	t.addNote(st, fmt.Sprintf("报送截止：%s（期末后%d天）。报送时间为采用的（或最近一次被退回的）文件收到的时间。",
		campaign.DateLabel(k.Period.Deadline(c.Deadline)), c.Deadline))
	var hs []tcell
	for _, h := range []string{"序号", "单位", "状态", "报送时间", "是否迟报", "错误数", "提醒数"} {
		hs = append(hs, strCell(h, st.header()))
	}
	t.addRow(bodyLine, hs)

	center := st.cell(cellStyle{align: "center"})
	counts := map[score.State]int{}
	late, errs, warns := 0, 0, 0
	for i, s := range k.Submissions {
		counts[s.State]++
		row := []tcell{numCell(float64(i+1), st.cell(cellStyle{format: "0", align: "center"}), itoa(i+1)),
			strCell(c.UnitName(s.Unit), st.cell(cellStyle{align: "left"})),
			strCell(s.State.Label(), st.cell(cellStyle{align: "center", fill: stateFill(s.State)}))}
		if s.ReceivedAt.IsZero() {
			row = append(row, emptyCell(center))
		} else {
			at := c.In(s.ReceivedAt)
			row = append(row, numCell(excelDate(at), st.cell(cellStyle{format: "yyyy-mm-dd hh:mm", align: "center"}), at.Format("2006-01-02 15:04")))
		}
		if s.State == score.StateMissing {
			row = append(row, emptyCell(center), emptyCell(center), emptyCell(center))
			t.addRow(bodyLine, row)
			continue
		}
		if s.Late {
			late++
			row = append(row, strCell("是", st.cell(cellStyle{align: "center", fill: yellowFill})))
		} else {
			row = append(row, strCell("否", center))
		}
		errs += s.Errors
		warns += s.Warnings
		row = append(row, numCell(float64(s.Errors), st.cell(cellStyle{format: "0", align: "right"}), itoa(s.Errors)),
			numCell(float64(s.Warnings), st.cell(cellStyle{format: "0", align: "right"}), itoa(s.Warnings)))
		t.addRow(bodyLine, row)
	}
	var states []string
	for _, s := range []score.State{score.StateAccepted, score.StateRejected, score.StateMissing} {
		if counts[s] > 0 {
			states = append(states, fmt.Sprintf("%s%d个", s.Label(), counts[s]))
		}
	}
	bold := func(align string) int { return st.cell(cellStyle{align: align, bold: true}) }
	t.addRow(bodyLine, []tcell{emptyCell(bold("center")), strCell(fmt.Sprintf("合计（%d个单位）", len(k.Submissions)), bold("left")),
		strCell(strings.Join(states, "\n"), bold("center")), emptyCell(bold("center")), strCell(fmt.Sprintf("迟报%d个", late), bold("center")),
		numCell(float64(errs), st.cell(cellStyle{format: "0", align: "right", bold: true}), itoa(errs)),
		numCell(float64(warns), st.cell(cellStyle{format: "0", align: "right", bold: true}), itoa(warns))})
	return t
}

func stateFill(s score.State) string {
	switch s {
	case score.StateRejected:
		return redFill
	case score.StateMissing:
		return missingFill
	}
	return ""
}
