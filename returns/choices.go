package returns

import "strings"

// doneAnswers are the ways people answer a qualitative indicator (定性指标).
var doneAnswers = map[string]bool{
	"完成": true, "已完成": true, "完成了": true, "是": true, "√": true, "✓": true, "✔": true, "Y": true, "YES": true,
	"未完成": false, "没完成": false, "没有完成": false, "尚未完成": false, "否": false, "×": false, "✗": false, "✘": false, "N": false, "NO": false,
}

// NormalizeDone reads the answer to a qualitative indicator: 完成 (and 已完成, 是, √)
// is true, 未完成 (and 没有完成, 否, ×) is false; ok is false for anything else.
func NormalizeDone(raw string) (done, ok bool) {
	done, ok = doneAnswers[strings.ToUpper(squeeze(fold(raw)))]
	return done, ok
}

// TaskStates are the statuses of a task (任务进展!状态), as in the template's dropdown
// (workbook/template_lists.go taskStates).
var TaskStates = []string{"未启动", "推进中", "已完成", "滞后"}

// taskSynonyms are other words for the states that people type instead of choosing.
var taskSynonyms = map[string]string{
	"未开始": "未启动", "尚未启动": "未启动", "未开展": "未启动",
	"进行中": "推进中", "正在推进": "推进中", "在推进": "推进中", "推进": "推进中",
	"完成": "已完成", "已办结": "已完成", "办结": "已完成",
	"滞后于进度": "滞后", "落后": "滞后", "延期": "滞后",
}

// NormalizeTaskStatus reads a task status: one of TaskStates, or a common synonym of
// one (进行中 → 推进中, 完成 → 已完成); ok is false for anything else.
func NormalizeTaskStatus(raw string) (string, bool) {
	s := squeeze(fold(raw))
	for _, st := range TaskStates {
		if s == st {
			return st, true
		}
	}
	st, ok := taskSynonyms[s]
	return st, ok
}
