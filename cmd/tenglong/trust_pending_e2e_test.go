package main

// Issue 16, part 1, "the signature can be bypassed by deleting it": only a return whose
// signed metadata verifies is accepted on its own. Files whose metadata sheet was
// deleted (openpyxl) or whose signature does not verify, but whose title names a unit
// and a period, are held as 待确认 until the office confirms them (tenglong confirm)
// or the unit's later return supersedes them; a signed return whose locked cells were
// changed is rejected; a LibreOffice re-save of a genuine return is still accepted.
// Every test runs the built binary.

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tenglong/internal/testtool"
	"tenglong/workbook"
)

// withContacts gives 吴兴区 and 南浔区 contact addresses, so a mail's From can be told.
func withContacts(yaml string) string {
	yaml = strings.Replace(yaml, "{code: wuxing, name: 吴兴区, kind: area}",
		"{code: wuxing, name: 吴兴区, kind: area, contact: {name: 张三, email: wx@huzhou.gov.cn}}", 1)
	return strings.Replace(yaml, "{code: nanxun, name: 南浔区, kind: area}",
		"{code: nanxun, name: 南浔区, kind: area, contact: {name: 李四, email: nx@huzhou.gov.cn}}", 1)
}

// retitle types a new 指标填报 title.
func retitle(text string) typed {
	return typed{Sheet: valuesSheet, Cell: "A1", Type: "text", Text: text}
}

// heldStatus is status --json as these tests read it.
type heldStatus struct {
	Units []struct {
		Code    string `json:"code"`
		State   string `json:"state"`
		Pending int    `json:"pending"`
	} `json:"units"`
	Held []struct {
		File string `json:"file"`
		Unit string `json:"unit"`
	} `json:"held"`
}

func statusOf(t *testing.T, ws, period string) (map[string]string, heldStatus) {
	t.Helper()
	code, out, errs := tl(t, "-w", ws, "status", "--period", period, "--json")
	var st heldStatus
	if err := json.Unmarshal([]byte(out), &st); err != nil || code != 0 {
		t.Fatalf("status --period %s: exit %d %v\n%s%s", period, code, err, out, errs)
	}
	m := map[string]string{}
	for _, u := range st.Units {
		m[u.Code] = fmt.Sprintf("%s %d", u.State, u.Pending)
	}
	return m, st
}

// currentH4 is the 本期值 in H4 of the unit's current return, and its file's name.
func currentH4(t *testing.T, ws, unit string) (string, string) {
	t.Helper()
	db := openDB(t, ws)
	defer db.Close()
	cur, err := db.Current("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cur {
		if c.Unit != unit {
			continue
		}
		for _, v := range c.Values {
			if v.Cell == "H4" {
				return v.Value, filepath.Base(c.SourcePath)
			}
		}
	}
	return "", ""
}

func TestUnverifiedReturnsAreHeld(t *testing.T) {
	ws, templates := signWorkspace(t, withContacts)
	if code, out, errs := tl(t, "-w", ws, "generate", "--period", "2023Q2", "--units", "deqing"); code != 0 {
		t.Fatalf("generate 2023Q2: %d %s%s", code, out, errs)
	}
	lastQuarter := readManifest(t, filepath.Join(ws, templatesDir, "2023Q2"))["deqing"]
	_, elsewhere := signWorkspace(t, nil) // another office: another key
	dir := filepath.Join(filepath.Dir(ws), "收件箱")
	at := func(name string) string { return filepath.Join(dir, name) }
	noMeta := []string{metaSheet}
	jobs := []pyJob{
		{Op: "fill", Src: templates["nanxun"], Dst: at("genuine/02-南浔区.xlsx"), Cells: huzhouClean("nanxun")},
		// 吴兴区's return, hidden sheet deleted, retitled as 南浔区's, with its own figures.
		{Op: "fill", Src: templates["wuxing"], Dst: at("held/冒充南浔区-删隐藏表.xlsx"), Delete: noMeta,
			Cells: with(huzhouClean("wuxing"), num("H4", "99"), retitle("南浔区 2023年第三季度 指标填报表"))},
		{Op: "fill", Src: lastQuarter, Dst: at("held/上季度改标题.xlsx"), Delete: noMeta,
			Cells: with(huzhouClean("deqing"), retitle("德清县 2023年第三季度 指标填报表"))},
		{Op: "fill", Src: templates["changxing"], Dst: at("held/改成年度.xlsx"), Delete: noMeta,
			Cells: with(huzhouClean("changxing"), retitle("长兴县 2023年度 指标填报表"))},
		{Op: "fill", Src: elsewhere["anji"], Dst: at("held/别的工作目录.xlsx"), Cells: huzhouClean("anji")},
		{Op: "fill", Src: templates["wuxing"], Dst: at("src/冒充南浔区.xlsx"), Delete: noMeta,
			Cells: with(huzhouClean("wuxing"), num("H4", "98"), retitle("南浔区 2023年第三季度 指标填报表"))},
		{Op: "fill", Src: templates["nanxun"], Dst: at("later/02-南浔区-更正.xlsx"), Cells: with(huzhouClean("nanxun"), num("H4", "1.7"))},
	}
	for _, sub := range []string{"genuine", "held", "src", "mail", "later"} {
		if err := os.MkdirAll(at(sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range openpyxl(t, jobs) {
		if r.Error != "" {
			t.Fatalf("openpyxl %s: %s", jobs[i].Dst, r.Error)
		}
	}
	writeBytes(t, at("mail/吴兴区发来.eml"), mailWith(t, "wx@huzhou.gov.cn", "Sun, 08 Oct 2023 08:00:00 +0800", at("src/冒充南浔区.xlsx")))

	if got := tlIngest(t, ws, 0, at("genuine"))["02-南浔区.xlsx"]; got.Outcome != "accepted" {
		t.Fatalf("南浔区's genuine return: %s %v", got.Outcome, codesOf(got))
	}
	held := tlIngest(t, ws, 3, at("held"))
	for _, c := range []struct{ file, who, first string }{
		{"冒充南浔区-删隐藏表.xlsx", "nanxun 2023Q3", "metadata-missing"},
		{"上季度改标题.xlsx", "deqing 2023Q3", "metadata-missing"},
		{"改成年度.xlsx", "changxing 2023", "metadata-missing"},
		{"别的工作目录.xlsx", "anji 2023Q3", "signature-invalid"},
	} {
		f := held[c.file]
		if who := strings.TrimSpace(f.Unit + " " + f.Period); f.Outcome != "pending" || who != c.who ||
			len(f.Issues) == 0 || f.Issues[0].Code != c.first || !strings.Contains(f.Issues[0].Message, "待确认") {
			t.Errorf("%s: %s as %q %v, want pending as %q, first %s saying 待确认", c.file, f.Outcome, who, codesOf(f), c.who, c.first)
		}
	}
	// The forged 南浔区 return shows 吴兴区's targets: the office sees it in the findings.
	if f := held["冒充南浔区-删隐藏表.xlsx"]; !strings.Contains(strings.Join(codesOf(f), ","), "target-changed") {
		t.Errorf("the forged return's findings %v name no changed target", codesOf(f))
	}

	// The same forgery mailed from 吴兴区's address: held, the sender named, the command
	// to confirm it printed with its number.
	mailed := sha256Hex(readBytes(t, at("src/冒充南浔区.xlsx")))
	code, out, _ := tl(t, "-w", ws, "ingest", at("mail"))
	for _, want := range []string{"冒充南浔区.xlsx  南浔区 2023Q3  待确认", "[sender-mismatch]", "wx@huzhou.gov.cn",
		"tenglong confirm --file " + mailed[:12] + " --unit 南浔区"} {
		if !strings.Contains(out, want) {
			t.Errorf("ingest of the mail lacks %q:\n%s", want, out)
		}
	}
	if code != 3 {
		t.Errorf("ingest of a held file: exit %d, want 3", code)
	}

	// Nothing held counts or replaced anything.
	if h4, file := currentH4(t, ws, "nanxun"); h4 != "1.6" || file != "02-南浔区.xlsx" {
		t.Errorf("南浔区's current return: %s H4=%s, want its genuine 02-南浔区.xlsx H4=1.6", file, h4)
	}
	states, st := statusOf(t, ws, "2023Q3")
	for unit, want := range map[string]string{"nanxun": "accepted 2", "deqing": "pending 1", "anji": "pending 1",
		"changxing": "missing 0", "wuxing": "missing 0", "nantaihu": "missing 0"} {
		if states[unit] != want {
			t.Errorf("status of %s: %q, want %q", unit, states[unit], want)
		}
	}
	if len(st.Held) != 4 {
		t.Errorf("held files in status: %+v, want 4", st.Held)
	}
	if annual, _ := statusOf(t, ws, "2023"); annual["changxing"] != "pending 1" {
		t.Errorf("status --period 2023 of changxing: %q, want pending 1", annual["changxing"])
	}
	_, human, _ := tl(t, "-w", ws, "status", "--period", "2023Q3")
	for _, want := range []string{"待确认", "待确认的文件 4 份", held["别的工作目录.xlsx"].SHA256[:12], "收到一份标为本单位的文件待确认，仍用此前采用的数据"} {
		if !strings.Contains(human, want) {
			t.Errorf("status lacks %q:\n%s", want, human)
		}
	}
	var cons struct {
		Indicators []struct {
			Units []struct {
				Code   string  `json:"code"`
				Actual *string `json:"actual"`
			} `json:"units"`
		} `json:"indicators"`
	}
	_, out, _ = tl(t, "-w", ws, "consolidate", "--period", "2023Q3", "--json")
	if err := json.Unmarshal([]byte(out), &cons); err != nil || len(cons.Indicators) == 0 {
		t.Fatalf("consolidate --json: %v\n%s", err, out)
	}
	for _, ind := range cons.Indicators {
		for _, u := range ind.Units {
			if (u.Code == "deqing" || u.Code == "anji") && u.Actual != nil {
				t.Errorf("a held file counted: %s actual %s", u.Code, *u.Actual)
			}
		}
	}
	_, out, _ = tl(t, "-w", ws, "history", "--unit", "南浔区", "--period", "2023Q3")
	if strings.Count(out, "待确认") < 2 {
		t.Errorf("history of 南浔区 does not show the two held files:\n%s", out)
	}

	// confirm: refusals say what to do.
	genuine := sha256Hex(readBytes(t, at("genuine/02-南浔区.xlsx")))
	unknown := "000000"
	for _, f := range []string{genuine, mailed, held["上季度改标题.xlsx"].SHA256} {
		for strings.HasPrefix(f, unknown) {
			unknown = "ffffff"
		}
	}
	for _, c := range []struct {
		args []string
		exit int
		want string
	}{
		{[]string{"--file", unknown, "--unit", "南浔区"}, 1, "没有编号以 " + unknown + " 开头的文件"},
		{[]string{"--file", "ab", "--unit", "南浔区"}, 1, "不是文件编号"},
		{[]string{"--file", mailed[:8], "--unit", "北浔区"}, 2, "没有单位“北浔区”"},
		{[]string{"--file", genuine[:8], "--unit", "南浔区"}, 1, "不是待确认的文件（它的结果是“已采用”）"},
	} {
		code, out, errs := tl(t, append([]string{"-w", ws, "confirm"}, c.args...)...)
		if code != c.exit || !strings.Contains(errs, c.want) {
			t.Errorf("confirm %v: exit %d, want %d with %q\n%s%s", c.args, code, c.exit, c.want, out, errs)
		}
	}
	// The forgery confirmed as 南浔区 is judged as 南浔区's return: 吴兴区's targets are
	// not 南浔区's, so it is rejected and 南浔区's data stays.
	forged := held["冒充南浔区-删隐藏表.xlsx"].SHA256
	code, out, errs := tl(t, "-w", ws, "confirm", "--file", forged[:8], "--unit", "南浔区", "--reason", "试确认", "--by", "赵六")
	if code != 3 || !strings.Contains(out, "退回") || !strings.Contains(out, "[target-changed]") {
		t.Errorf("confirming the forgery as 南浔区: exit %d, want 3, rejected for its targets\n%s%s", code, out, errs)
	}
	if h4, _ := currentH4(t, ws, "nanxun"); h4 != "1.6" {
		t.Errorf("南浔区's H4 after the rejected confirmation: %s", h4)
	}
	code, _, errs = tl(t, "-w", ws, "confirm", "--file", forged[:8], "--unit", "南浔区")
	if code != 1 || !strings.Contains(errs, "已经确认过了") || !strings.Contains(errs, "退回") {
		t.Errorf("confirming twice: exit %d\n%s", code, errs)
	}
	// The other workspace's 安吉县 return, confirmed: judged in full and accepted; the
	// audit log says who, when and why.
	other := held["别的工作目录.xlsx"].SHA256
	code, out, errs = tl(t, "-w", ws, "confirm", "--file", other[:10], "--unit", "anji", "--reason", "安吉县电话说明用了旧电脑上的模板", "--by", "王五")
	if code != 0 || !strings.Contains(out, "已确认") || !strings.Contains(out, "已采用") {
		t.Errorf("confirming 安吉县's file: exit %d\n%s%s", code, out, errs)
	}
	if states, _ := statusOf(t, ws, "2023Q3"); states["anji"] != "accepted 0" {
		t.Errorf("安吉县 after the confirmation: %q", states["anji"])
	}
	var hist struct {
		Events []struct {
			Action string `json:"action"`
			At     string `json:"at"`
			Detail string `json:"detail"`
		} `json:"events"`
	}
	_, out, _ = tl(t, "-w", ws, "history", "--unit", "安吉县", "--period", "2023Q3", "--json")
	json.Unmarshal([]byte(out), &hist)
	var actions []string
	for _, e := range hist.Events {
		if e.Action == "file-stored" {
			continue
		}
		actions = append(actions, e.Action)
		if e.Action == "confirmed" && (!strings.Contains(e.Detail, "王五") || !strings.Contains(e.Detail, "旧电脑") || e.At == "") {
			t.Errorf("the confirmation's audit entry lacks who, why or when: %+v", e)
		}
	}
	if strings.Join(actions, ",") != "pending,confirmed,accepted" {
		t.Errorf("安吉县's history %v, want pending, confirmed, accepted", actions)
	}

	// 南浔区's genuine correction: the mailed forgery no longer waits for anyone.
	if got := tlIngest(t, ws, 0, at("later"))["02-南浔区-更正.xlsx"]; got.Outcome != "accepted" {
		t.Fatalf("南浔区's correction: %s %v", got.Outcome, codesOf(got))
	}
	if states, _ := statusOf(t, ws, "2023Q3"); states["nanxun"] != "accepted 0" {
		t.Errorf("南浔区 after its correction: %q, want accepted 0", states["nanxun"])
	}
	code, _, errs = tl(t, "-w", ws, "confirm", "--file", mailed[:8], "--unit", "南浔区")
	if code != 1 || !strings.Contains(errs, "已不再待确认") {
		t.Errorf("confirming a superseded file: exit %d\n%s", code, errs)
	}
}

// A signed return whose locked cells changed is rejected: another unit's 指标填报 pasted
// over one's own template (its targets), or the 填报单位 subtitle retyped.
func TestChangedLockedCellsReject(t *testing.T) {
	ws, templates := signWorkspace(t, nil)
	dir := filepath.Join(filepath.Dir(ws), "回收")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	own, err := workbook.ReadTemplate(readBytes(t, templates["wuxing"]))
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := workbook.ReadTemplate(readBytes(t, templates["nanxun"]))
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]string{}
	for _, v := range own.Values {
		if v.Kind == workbook.InputTarget {
			targets[v.Cell] = v.Raw
		}
	}
	pasted := huzhouClean("wuxing")
	changed := 0
	for _, v := range theirs.Values {
		if v.Kind == workbook.InputTarget && targets[v.Cell] != v.Raw {
			pasted, changed = with(pasted, num(v.Cell, v.Raw)), changed+1
		}
	}
	if changed < 5 {
		t.Fatalf("only %d targets differ between 吴兴区 and 南浔区", changed)
	}
	subtitle := typed{Sheet: valuesSheet, Cell: "A2", Type: "text", Text: "填报单位：南浔区    期次：2023年第三季度    报送截止：2023-10-10    只填浅黄色格子"}
	openpyxl(t, []pyJob{
		{Op: "fill", Src: templates["wuxing"], Dst: filepath.Join(dir, "粘贴了南浔区的表.xlsx"), Cells: pasted},
		{Op: "fill", Src: templates["wuxing"], Dst: filepath.Join(dir, "改了填报单位.xlsx"), Cells: with(huzhouClean("wuxing"), subtitle)},
	})
	got := tlIngest(t, ws, 3, dir)
	f := got["粘贴了南浔区的表.xlsx"]
	n := 0
	for _, i := range f.Issues {
		if i.Code == "target-changed" && i.Severity == "error" {
			n++
		}
	}
	if f.Outcome != "rejected" || n != changed {
		t.Errorf("pasted sheet: %s with %d target-changed errors, want rejected with %d: %v", f.Outcome, n, changed, codesOf(f))
	}
	f = got["改了填报单位.xlsx"]
	if issue, ok := issueOf(f, "title-mismatch"); f.Outcome != "rejected" || !ok || issue.Cell != "A2" || issue.Severity != "error" {
		t.Errorf("retyped 填报单位: %s %v, want rejected with title-mismatch at A2", f.Outcome, codesOf(f))
	}
}

// A genuine return saved again by LibreOffice Calc (what an office without Excel does)
// keeps its signature and its locked cells: accepted with no finding.
func TestLibreOfficeResaveStillAccepted(t *testing.T) {
	ws, templates := signWorkspace(t, nil)
	dir := t.TempDir()
	filled := filepath.Join(dir, "01-吴兴区-2023Q3.xlsx")
	openpyxl(t, []pyJob{{Op: "fill", Src: templates["wuxing"], Dst: filled, Cells: huzhouClean("wuxing")}})
	resaved := testtool.ConvertWithLibreOffice(t, filled, "xlsx")
	if sha256Hex(readBytes(t, resaved)) == sha256Hex(readBytes(t, filled)) {
		t.Fatal("LibreOffice wrote the same bytes: nothing re-saved")
	}
	in := filepath.Join(dir, "回收")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	writeBytes(t, filepath.Join(in, "吴兴区-另存.xlsx"), readBytes(t, resaved))
	f := tlIngest(t, ws, 0, in)["吴兴区-另存.xlsx"]
	if f.Outcome != "accepted" || len(f.Issues) != 0 || f.Unit != "wuxing" {
		t.Errorf("LibreOffice re-save: %s %s %v, want accepted as wuxing with no finding", f.Outcome, f.Unit, codesOf(f))
	}
	if h4, _ := currentH4(t, ws, "wuxing"); h4 != "1.6" {
		t.Errorf("吴兴区's H4 after the re-save: %q, want 1.6", h4)
	}
}

// A held file's metadata is not trusted for where to read: one whose hidden sheet was
// edited to read 本期值 from another cell is read, once confirmed, from what its
// 指标填报 shows.
func TestConfirmReadsOnlyIssuedCells(t *testing.T) {
	ws, templates := signWorkspace(t, nil)
	dir := filepath.Join(filepath.Dir(ws), "回收")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	issued, err := workbook.ReadTemplate(readBytes(t, templates["wuxing"]))
	if err != nil {
		t.Fatal(err)
	}
	moved := ""
	for i, in := range issued.Metadata.Inputs {
		if in.Kind == workbook.InputValue && in.Ref == "H4" {
			moved = fmt.Sprintf("D%d", 12+i) // the input table starts on row 12, its ref in D
		}
	}
	if moved == "" {
		t.Fatal("no value input at H4")
	}
	openpyxl(t, []pyJob{{Op: "fill", Src: templates["wuxing"], Dst: filepath.Join(dir, "挪了输入格.xlsx"),
		Cells: with(huzhouClean("wuxing"), typed{Sheet: metaSheet, Cell: "B10", Type: "clear"}, meta(moved, "Z4"), num("Z4", "5000"))}})
	f := tlIngest(t, ws, 3, dir)["挪了输入格.xlsx"]
	if f.Outcome != "pending" || f.Unit != "wuxing" {
		t.Fatalf("moved input: %s %s %v, want pending as wuxing", f.Outcome, f.Unit, codesOf(f))
	}
	code, out, errs := tl(t, "-w", ws, "confirm", "--file", f.SHA256[:8], "--unit", "吴兴区", "--reason", "核实")
	if code != 0 {
		t.Fatalf("confirm: exit %d\n%s%s", code, out, errs)
	}
	if h4, _ := currentH4(t, ws, "wuxing"); h4 != "1.6" {
		t.Errorf("吴兴区's H4 after the confirmation: %q, want 1.6 as the sheet shows (not Z4's 5000)", h4)
	}
}
