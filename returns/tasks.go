package returns

import (
	"strings"

	"tenglong/campaign"
	"tenglong/workbook"
)

// tasks converts and checks 任务进展: a status from the dropdown (or a synonym of one),
// and a status whenever progress is written.
func (ck *checker) tasks(cells []*workbook.CellValue) {
	var order []string
	status := map[string]*workbook.CellValue{}
	progress := map[string]*workbook.CellValue{}
	for _, v := range cells {
		if status[v.Key] == nil && progress[v.Key] == nil {
			order = append(order, v.Key)
		}
		if v.Kind == workbook.InputTaskStatus {
			status[v.Key] = v
		} else {
			progress[v.Key] = v
		}
	}
	for _, id := range order {
		title := id
		known := false
		for _, t := range ck.c.Tasks {
			if t.ID == id {
				title, known = t.Title, true
			}
		}
		st, pr := status[id], progress[id]
		if !known {
			for _, v := range []*workbook.CellValue{st, pr} {
				if v != nil && trim(v.Raw) != "" {
					ck.add(CodeUnknownInput, v.Sheet, v.Cell, "任务“%s”在现在的行动定义里已经没有了，这一格“%s”不会采用", id, clip(trim(v.Raw)))
				}
			}
			continue
		}
		task := Task{ID: id}
		if pr != nil {
			task.Progress = trim(pr.Raw)
		}
		if st != nil {
			task.Cell = st.Cell
			raw := trim(st.Raw)
			switch s, ok := NormalizeTaskStatus(raw); {
			case raw == "" && task.Progress != "":
				ck.add(CodeTaskStatusEmpty, st.Sheet, st.Cell, "任务%s写了进展情况，但没有选择状态：请选择 %s", campaign.Quote(title), strings.Join(TaskStates, "、"))
			case raw != "" && !ok:
				ck.add(CodeTaskStatusInvalid, st.Sheet, st.Cell, "任务%s的状态“%s”无法识别：请从下拉列表中选择 %s", campaign.Quote(title), clip(raw), strings.Join(TaskStates, "、"))
			default:
				task.Status = s
			}
		}
		ck.r.Tasks = append(ck.r.Tasks, task)
	}
}
