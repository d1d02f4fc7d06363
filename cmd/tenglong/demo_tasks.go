package main

import (
	"tenglong/workbook"
)

// demoTaskStates are the statuses the demo's units report on their tasks, most of
// them under way: a unit's k-th task takes the (i+k)-th.
var demoTaskStates = []string{"推进中", "已完成", "推进中", "滞后", "未启动"}

// demoProgress is a line of 进展情况 for each status, as a unit would write it.
var demoProgress = map[string]string{
	"推进中": "已制定工作方案，完成摸底排查，正按计划推进",
	"已完成": "已按方案完成，相关材料已归档",
	"滞后":  "受项目审批影响进度滞后，正在协调推进",
	"未启动": "已列入下季度工作计划",
}

// demoTasks fills the 任务进展 of a unit's return: a status from the dropdown and a
// line of progress for every task it reports on, so that a unit with tasks and no
// indicator (a 局 that leads tasks only) sends a return that is accepted. With
// mistake, the first status is one the dropdown does not offer: that unit's return
// is rejected, as the demo means it to be.
func demoTasks(inputs []workbook.InputCell, i int, mistake bool, values map[string]string) {
	k := 0
	for _, in := range inputs {
		if in.Kind != workbook.InputTaskStatus {
			continue
		}
		status := demoTaskStates[(i+k)%len(demoTaskStates)]
		values[in.Sheet+"!"+in.Ref] = status
		if mistake && k == 0 {
			values[in.Sheet+"!"+in.Ref] = "差不多了" // not a status
		}
		k++
	}
	k = 0
	for _, in := range inputs {
		if in.Kind != workbook.InputTaskProgress {
			continue
		}
		values[in.Sheet+"!"+in.Ref] = demoProgress[demoTaskStates[(i+k)%len(demoTaskStates)]]
		k++
	}
}
