package score

import "tenglong/campaign"

// TaskLine is one task with what its lead and co units reported.
type TaskLine struct {
	Task    *campaign.Task
	Reports []TaskUnit // lead units first, then co units, as the campaign lists them
}

// TaskUnit is one unit's report on a task.
type TaskUnit struct {
	Unit     string
	Lead     bool // 牵头 (else 配合)
	Reported bool // the unit's current return has a status or progress for the task
	TaskReport
}

// TaskSummary counts a lead unit's tasks by reported status (任务进展 per 牵头单位).
type TaskSummary struct {
	Unit       string
	Led        int
	Done       int // 已完成
	InProgress int // 推进中
	NotStarted int // 未启动
	Behind     int // 滞后
	Unreported int // no status reported
}

// The task statuses a template offers.
const (
	TaskDone       = "已完成"
	TaskInProgress = "推进中"
	TaskNotStarted = "未启动"
	TaskBehind     = "滞后"
)

func taskProgress(c *campaign.Campaign, d Data) ([]TaskLine, []TaskSummary) {
	var lines []TaskLine
	summaries := map[string]*TaskSummary{}
	for ti := range c.Tasks {
		t := &c.Tasks[ti]
		line := TaskLine{Task: t}
		add := func(unit string, lead bool) {
			tu := TaskUnit{Unit: unit, Lead: lead}
			if ret, ok := d.Returns[unit]; ok {
				if rep, ok := ret.Tasks[t.ID]; ok && (rep.Status != "" || rep.Progress != "") {
					tu.Reported, tu.TaskReport = true, rep
				}
			}
			line.Reports = append(line.Reports, tu)
			if !lead {
				return
			}
			s := summaries[unit]
			if s == nil {
				s = &TaskSummary{Unit: unit}
				summaries[unit] = s
			}
			s.Led++
			switch tu.Status {
			case TaskDone:
				s.Done++
			case TaskInProgress:
				s.InProgress++
			case TaskNotStarted:
				s.NotStarted++
			case TaskBehind:
				s.Behind++
			default:
				s.Unreported++
			}
		}
		for _, u := range t.Lead {
			add(u, true)
		}
		for _, u := range t.Co {
			add(u, false)
		}
		lines = append(lines, line)
	}
	var out []TaskSummary
	for _, u := range c.Units {
		if s, ok := summaries[u.Code]; ok {
			out = append(out, *s)
		}
	}
	return lines, out
}
