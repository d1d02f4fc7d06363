package intake

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"tenglong/campaign"
	"tenglong/returns"
	"tenglong/store"
	"tenglong/workbook"
)

// MinFilePrefix is the fewest hex digits of a file's sha256 confirm takes: fewer
// would too easily name a file other than the one the office looked at.
const MinFilePrefix = 6

// ConfirmRequest is the office's confirmation of a held file (待确认): which file (a
// prefix of its sha256, as ingest, status and history show it), as whose return,
// who confirms and why.
type ConfirmRequest struct {
	File   string
	Unit   campaign.Unit
	By     string
	Reason string
	// Origin is where the confirmation came from (the console: its door and remote
	// address), kept on its audit entries; empty for the command line.
	Origin store.Origin
}

// Confirmed is what Confirm did: the held submission it resolved and the file judged
// again as the unit's return (Report.Outcome accepted or rejected).
type Confirmed struct {
	Pending store.Stored
	Report  Report
}

// Confirm judges a held file again as the named unit's return for the period it
// claimed, with every check but the signature (the office vouches for whose it is),
// and records the result with who confirmed it and why. A file that is not held —
// unknown, ambiguous, already confirmed, superseded by the unit's later return, or
// never pending — is refused with a message saying what to do instead.
func Confirm(c *campaign.Campaign, db *store.Store, req ConfirmRequest, now time.Time) (Confirmed, error) {
	unit := req.Unit
	held, err := heldFile(c, db, req.File)
	if err != nil {
		return Confirmed{}, err
	}
	period, err := c.ReportingPeriod(held.Period)
	if err != nil {
		return Confirmed{}, fmt.Errorf("待确认文件 %s 标的期次 %s 不是本行动的期次：%v", held.SourcePath, held.Period, err)
	}
	data, err := db.File(held.SHA256)
	if err != nil {
		return Confirmed{}, err
	}
	p := parseFile(Parsed{path: held.SourcePath, data: data, sha: held.SHA256})
	r, err := judgeAs(c, db, p, unit, period, held.ReceivedAt, now)
	if err != nil {
		return Confirmed{}, err
	}
	sub := submission(c, r)
	sub.Origin = req.Origin
	rec, err := db.Confirm(held.ID, sub, store.Confirmation{By: req.By, Reason: req.Reason, UnitName: func(code string) string { return unitName(c, code) }})
	if errors.Is(err, store.ErrNotHeld) {
		return Confirmed{}, fmt.Errorf("文件 %s 刚刚已被确认或被该单位新的报送取代，没有再次确认：请用 tenglong history --unit %s --period %s 查看",
			filepath.Base(held.SourcePath), unit.Name, period)
	}
	if err != nil {
		return Confirmed{}, fmt.Errorf("%s 确认入库失败：%v", held.SourcePath, err)
	}
	r.Stored, r.Outcome = &rec, string(rec.Outcome)
	return Confirmed{Pending: held, Report: r}, nil
}

// judgeAs reads a held file as unit's return for period: through its metadata when
// that names the same unit and period and records exactly the input cells this
// campaign's template for them has (lists and tasks included), else by what 指标填报
// shows; targets are compared with the unit's own, the titles with the metadata's
// unit as usual.
func judgeAs(c *campaign.Campaign, db *store.Store, p Parsed, unit campaign.Unit, period campaign.Period, received, now time.Time) (Report, error) {
	r := Report{Path: p.path, SHA256: p.sha, Data: p.data, Issues: []returns.Finding{}, ReceivedAt: received}
	if p.sniff != nil || errors.Is(p.err, workbook.ErrDamaged) {
		return r, fmt.Errorf("文件 %s 读不出来，无法确认：请该单位重新报送", p.path)
	}
	if p.err != nil || p.ret.Metadata.Campaign != c.ID || p.ret.Metadata.Unit != unit.Code || p.ret.Metadata.Period != period.String() ||
		!issuedLayout(c, unit, period, p.ret.Metadata) {
		v, err := workbook.ReadVisible(p.data)
		if err != nil {
			return r, fmt.Errorf("文件 %s 的“指标填报”表读不出来（%v），无法按%s的报送确认：请该单位用下发的模板重新报送", p.path, err, unit.Name)
		}
		var fs []returns.Finding
		p.ret, fs = returns.Rebuild(c, v, unit, period)
		r.Issues = append(r.Issues, fs...)
	} else {
		p.ret = unsignedTargets(p.ret)
	}
	if err := check(c, db, returns.Context{}, returns.Prepare(c, p.ret, nil), p, now, &r); err != nil {
		return r, fmt.Errorf("%s：读取已入库数据失败：%v", p.path, err)
	}
	return r, nil
}

// issuedLayout reports whether metadata records exactly the input cells (kind, key,
// sheet, address) that this campaign's template for unit and period has: then its
// addresses are the office's own although its signature could not be checked — a
// hidden sheet edited to read 本期值 from another cell is not.
func issuedLayout(c *campaign.Campaign, unit campaign.Unit, period campaign.Period, m workbook.Metadata) bool {
	data, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: unit, Period: period, Deadline: period.Deadline(c.Deadline)})
	if err != nil {
		return false
	}
	issued, err := workbook.ReadTemplate(data)
	if err != nil || len(issued.Metadata.Inputs) != len(m.Inputs) {
		return false
	}
	for i, in := range issued.Metadata.Inputs {
		got := m.Inputs[i]
		if got.Kind != in.Kind || got.Key != in.Key || got.Sheet != in.Sheet || got.Ref != in.Ref {
			return false
		}
	}
	return true
}

// heldFile is the pending, unresolved submission of the one file whose sha256 starts
// with prefix.
func heldFile(c *campaign.Campaign, db *store.Store, prefix string) (store.Stored, error) {
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	if len(prefix) < MinFilePrefix || strings.Trim(prefix, "0123456789abcdef") != "" {
		return store.Stored{}, fmt.Errorf("--file “%s”不是文件编号：请写 tenglong ingest、status 或 history 显示的文件编号（SHA256 的前 %d 位或更多，只含 0-9 和 a-f）",
			prefix, MinFilePrefix)
	}
	subs, err := db.BySHAPrefix(c.ID, prefix)
	if err != nil {
		return store.Stored{}, err
	}
	bySHA := map[string][]store.Stored{}
	var order []string
	for _, s := range subs {
		if _, ok := bySHA[s.SHA256]; !ok {
			order = append(order, s.SHA256)
		}
		bySHA[s.SHA256] = append(bySHA[s.SHA256], s)
	}
	switch len(order) {
	case 0:
		return store.Stored{}, fmt.Errorf("没有编号以 %s 开头的文件：请核对编号（tenglong status --period 期次 列出待确认的文件及编号）", prefix)
	case 1:
	default:
		var names []string
		for _, sha := range order {
			names = append(names, sha[:16]+"（"+filepath.Base(bySHA[sha][0].SourcePath)+"）")
		}
		return store.Stored{}, fmt.Errorf("编号 %s 对应 %d 个文件：%s；请多写几位编号", prefix, len(order), strings.Join(names, "、"))
	}
	judged := bySHA[order[0]]
	first, last := judged[0], judged[len(judged)-1]
	name := filepath.Base(first.SourcePath)
	switch {
	case last.Confirms != 0:
		return store.Stored{}, fmt.Errorf("文件 %s 已经确认过了：确认为 %s %s 的第 %d 号报送，结果是“%s”；不能再次确认。如有错，请该单位重新报送",
			name, unitName(c, last.Unit), last.Period, last.ID, OutcomeLabel(last.Outcome))
	case first.Outcome != store.Pending:
		return store.Stored{}, fmt.Errorf("文件 %s 不是待确认的文件（它的结果是“%s”）：只有签名核对不上而暂存的文件需要确认", name, OutcomeLabel(first.Outcome))
	case first.SupersededBy != 0:
		return store.Stored{}, fmt.Errorf("文件 %s 已不再待确认：%s %s 在它之后报送了第 %d 号报送并已采用，不能用它替换；如确要采用这份文件的数据，请该单位重新报送",
			name, unitName(c, first.Unit), first.Period, first.SupersededBy)
	}
	return first, nil
}

func unitName(c *campaign.Campaign, code string) string {
	if u, ok := c.Unit(code); ok {
		return u.Name
	}
	return code
}
