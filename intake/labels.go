package intake

import "tenglong/store"

// OutcomeLabel is an outcome in the office's words.
func OutcomeLabel(o store.Outcome) string {
	switch o {
	case store.Accepted:
		return "已采用"
	case store.Rejected:
		return "退回"
	case store.Unreadable:
		return "无法读取"
	case store.Pending:
		return "待确认"
	case store.Duplicate:
		return "重复报送"
	}
	return string(o)
}

// actionLabels name the audit log's actions for the office: `tenglong history` and
// the console's unit page show the same words.
var actionLabels = map[store.Action]string{
	store.ActionFileStored: "收到文件",
	store.ActionAccepted:   "采用",
	store.ActionRejected:   "退回",
	store.ActionUnreadable: "无法读取",
	store.ActionSuperseded: "被更正",
	store.ActionDuplicate:  "重复报送",
	store.ActionPending:    "待确认",
	store.ActionConfirmed:  "办公室确认",
}

// ActionLabel is an audit action in the office's words; an action this version does
// not know (a newer tenglong's) is shown as recorded.
func ActionLabel(a store.Action) string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	return string(a)
}
