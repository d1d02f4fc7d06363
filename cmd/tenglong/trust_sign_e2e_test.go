package main

// Issue 11, "who sent it and which one counts": signed templates, the visible title,
// a mail's From and Date, re-ingesting a refused file, identical bytes in one batch.
// Every test but the last runs the built binary.

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tenglong/seeds"
	"tenglong/store"
	"tenglong/workbook"
)

func mustSeed(t *testing.T, id string) []byte {
	t.Helper()
	data, ok := seeds.Get(id)
	if !ok {
		t.Fatalf("no seed %s", id)
	}
	return data
}

// signClock is the ingest clock of these tests: 2023Q3's returns are due 2023-10-10.
const signClock = "2023-10-08T09:00:00+08:00"

// shareKey copies the office's database, right after generate (it then holds only the
// signing key), into other workspaces: they accept the office's templates, as the
// office's own database moved to another machine would.
func shareKey(t *testing.T, from string, to ...string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal"} {
		src := filepath.Join(from, store.FileName+suffix)
		data, err := os.ReadFile(src)
		if errors.Is(err, os.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatalf("shareKey: %v", err)
		}
		for _, ws := range to {
			if err := os.MkdirAll(ws, 0o755); err != nil {
				t.Fatal(err)
			}
			writeBytes(t, filepath.Join(ws, store.FileName+suffix), data)
		}
	}
}

// resign is the signature cell (B10 of the metadata sheet) for a template whose
// metadata cells are typed over as cells say, signed with the office's key: what
// generate writes for a template made from the changed definition.
func resign(t *testing.T, ws, template string, cells []typed) typed {
	t.Helper()
	ret, err := workbook.ReadTemplate(readBytes(t, template))
	if err != nil {
		t.Fatal(err)
	}
	m := ret.Metadata
	for _, c := range cells {
		if c.Sheet != metaSheet {
			continue
		}
		field := map[string]*string{"B4": &m.Fingerprint, "B5": &m.Unit, "B6": &m.UnitName, "B7": &m.Period}[c.Cell]
		if field == nil {
			t.Fatalf("resign: metadata cell %s", c.Cell)
		}
		*field = c.Text
	}
	db := openDB(t, ws)
	key, err := db.ExistingSigningKey()
	db.Close()
	if err != nil || key == nil {
		t.Fatalf("resign: the office has no key (%v)", err)
	}
	return meta("B10", m.Sign(key))
}

// tl runs the built binary with the ingest clock and returns exit code and streams.
func tl(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "TENGLONG_CLOCK="+signClock)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String(), errb.String()
	case err != nil:
		t.Fatalf("tenglong %s: %v", strings.Join(args, " "), err)
	}
	return 0, out.String(), errb.String()
}

// tlIngest runs ingest --json on the binary, wants exit code want, and returns the
// files by base name.
func tlIngest(t *testing.T, ws string, want int, paths ...string) map[string]ingestFile {
	t.Helper()
	code, out, errs := tl(t, append([]string{"-w", ws, "ingest", "--json"}, paths...)...)
	if code != want {
		t.Errorf("ingest %v: exit %d, want %d\n%s%s", paths, code, want, out, errs)
	}
	var doc struct {
		Files []ingestFile `json:"files"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("ingest --json: %v\n%s", err, out)
	}
	files := map[string]ingestFile{}
	for _, f := range doc.Files {
		files[filepath.Base(f.Path)] = f
	}
	return files
}

// signWorkspace is a huzhou-2023 office that generated 2023Q3 on the binary; edit, if
// set, changes campaign.yaml before generate.
func signWorkspace(t *testing.T, edit func(yaml string) string) (ws string, templates map[string]string) {
	t.Helper()
	ws = filepath.Join(t.TempDir(), "office")
	if code, out, errs := tl(t, "init", ws, "--seed", "huzhou-2023"); code != 0 {
		t.Fatalf("init: %d %s%s", code, out, errs)
	}
	if edit != nil {
		path := filepath.Join(ws, campaignFile)
		writeBytes(t, path, []byte(edit(readFile(t, path))))
	}
	if code, out, errs := tl(t, "-w", ws, "generate", "--period", "2023Q3"); code != 0 {
		t.Fatalf("generate: %d %s%s", code, out, errs)
	}
	return ws, readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))
}

func codesOf(f ingestFile) []string {
	var out []string
	for _, i := range f.Issues {
		out = append(out, i.Code)
	}
	return sortedStrings(out)
}

func issueOf(f ingestFile, code string) (reportedIssue, bool) {
	for _, i := range f.Issues {
		if i.Code == code {
			return i, true
		}
	}
	return reportedIssue{}, false
}

// A township edits its template with openpyxl (the metadata sheet is very hidden, not
// locked against a script): claiming its neighbour's unit in the hidden sheet, forging
// or dropping the signature leaves a file whose signature does not verify, held as
// pending (待确认) under the unit its title names, never counted; retyping only the
// visible title of a signed template is refused outright. The genuine return is
// accepted, and stays 吴兴区's current data.
func TestSignedTemplatesRefuseImpersonation(t *testing.T) {
	ws, templates := signWorkspace(t, nil)
	batch := filepath.Join(filepath.Dir(ws), "回收")
	os.MkdirAll(batch, 0o755)
	title := func(sheet, cell, text string) typed { return typed{Sheet: sheet, Cell: cell, Type: "text", Text: text} }
	claimNanxun := []typed{meta("B5", "nanxun"), meta("B6", "南浔区"),
		title(valuesSheet, "A1", "南浔区 2023年第三季度 指标填报表"), title("填报说明", "B3", "南浔区")}
	cases := []struct {
		file    string
		cells   []typed
		outcome string
		code    string // the first error's code
		who     string
		words   []string // the first error's message holds these
	}{
		{"01-吴兴区-2023Q3.xlsx", huzhouClean("wuxing"), "accepted", "", "wuxing 2023Q3", nil},
		{"冒充南浔区-改隐藏表.xlsx", with(huzhouClean("wuxing"), claimNanxun...), "pending", "signature-invalid", "nanxun 2023Q3",
			[]string{"南浔区 2023年第三季度", "与本办公室的签名不符", "待确认", "tenglong confirm"}},
		{"冒充南浔区-改标题.xlsx", with(huzhouClean("wuxing"), title(valuesSheet, "A1", "南浔区 2023年第三季度 指标填报表")),
			"rejected", "title-mismatch", "wuxing 2023Q3",
			[]string{"“南浔区 2023年第三季度 指标填报表”", "吴兴区 2023年第三季度", "重新填报"}},
		{"冒充南浔区-伪造签名.xlsx", with(huzhouClean("wuxing"), append(claimNanxun, meta("B10", strings.Repeat("5a", 32)))...),
			"pending", "signature-invalid", "nanxun 2023Q3", []string{"与本办公室的签名不符"}},
		{"删了签名.xlsx", with(huzhouClean("wuxing"), typed{Sheet: metaSheet, Cell: "B10", Type: "clear"}),
			"pending", "signature-invalid", "wuxing 2023Q3", []string{"没有本办公室的签名", "吴兴区 2023年第三季度"}},
	}
	var jobs []pyJob
	for _, c := range cases {
		jobs = append(jobs, pyJob{Op: "fill", Src: templates["wuxing"], Dst: filepath.Join(batch, c.file), Cells: c.cells})
	}
	for i, r := range openpyxl(t, jobs) {
		if r.Error != "" {
			t.Fatalf("openpyxl %s: %s", cases[i].file, r.Error)
		}
	}
	got := tlIngest(t, ws, 3, batch)
	for _, c := range cases {
		f := got[c.file]
		var first string
		for _, i := range f.Issues {
			if i.Severity == "error" && first == "" {
				first = i.Code
			}
		}
		if f.Outcome != c.outcome || first != c.code {
			t.Errorf("%s: %s %v, want %s, first error %q", c.file, f.Outcome, codesOf(f), c.outcome, c.code)
			continue
		}
		if who := strings.TrimSpace(f.Unit + " " + f.Period); who != c.who {
			t.Errorf("%s: reported as %q, want %q", c.file, who, c.who)
		}
		if c.code == "" {
			continue
		}
		issue, _ := issueOf(f, c.code)
		for _, w := range c.words {
			if !strings.Contains(issue.Message, w) {
				t.Errorf("%s: %q lacks %q", c.file, issue.Message, w)
			}
		}
		if c.code == "title-mismatch" && (issue.Sheet != valuesSheet || issue.Cell != "A1") {
			t.Errorf("%s: title-mismatch at %s!%s, want %s!A1", c.file, issue.Sheet, issue.Cell, valuesSheet)
		}
	}
	// Only 吴兴区's genuine return counts; the files claiming 南浔区 wait for the office.
	code, out, _ := tl(t, "-w", ws, "status", "--period", "2023Q3", "--json")
	var st struct {
		Units []struct {
			Code, State string
			Pending     int
		} `json:"units"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("status: %d %v\n%s", code, err, out)
	}
	for _, u := range st.Units {
		want := map[string]string{"wuxing": "accepted 1", "nanxun": "pending 2"}[u.Code]
		if want == "" {
			want = "missing 0"
		}
		if got := fmt.Sprintf("%s %d", u.State, u.Pending); got != want {
			t.Errorf("status of %s: %s, want %s", u.Code, got, want)
		}
	}
	// The human output says it in words.
	_, human, _ := tl(t, "-w", ws, "validate", filepath.Join(batch, "冒充南浔区-改隐藏表.xlsx"))
	if !strings.Contains(human, "南浔区 2023Q3  签名核对不上，回收时会暂存为待确认") || !strings.Contains(human, "[signature-invalid]") {
		t.Errorf("validate of the edited hidden sheet:\n%s", human)
	}

	// validate away from the office (no database): the genuine file passes with a
	// warning that the signature was not checked; nothing is created there.
	away := filepath.Join(filepath.Dir(ws), "township")
	if code, out, errs := tl(t, "init", away, "--seed", "huzhou-2023"); code != 0 {
		t.Fatalf("init: %s%s", out, errs)
	}
	code, out, _ = tl(t, "-w", away, "validate", "--json", filepath.Join(batch, "01-吴兴区-2023Q3.xlsx"))
	var v ingestFile
	json.Unmarshal([]byte(out), &v)
	if code != 0 || v.Outcome != "accepted" || strings.Join(codesOf(v), ",") != "signature-unchecked" {
		t.Errorf("validate without a database: exit %d, %s %v; want 0, accepted [signature-unchecked]\n%s", code, v.Outcome, codesOf(v), out)
	}
	if _, err := os.Stat(filepath.Join(away, store.FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("validate created %s", store.FileName)
	}
	// Another office's key does not open this office's templates.
	other, otherTemplates := signWorkspace(t, nil)
	if code, _, _ := tl(t, "-w", other, "validate", filepath.Join(batch, "01-吴兴区-2023Q3.xlsx")); code != 3 {
		t.Errorf("another office validates this office's return: exit %d, want 3", code)
	}
	if code, out, _ := tl(t, "-w", other, "validate", otherTemplates["wuxing"]); code != 3 || strings.Contains(out, "signature") {
		t.Errorf("the other office's own blank template: exit %d (a blank return), and no signature finding:\n%s", code, out)
	}
}

// mailWith is a saved mail from a sender, dated, with the files attached.
func mailWith(t *testing.T, from, date string, files ...string) []byte {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: zgb@huzhou.gov.cn\r\nSubject: =?UTF-8?B?%s?=\r\nDate: %s\r\nMIME-Version: 1.0\r\n",
		from, base64.StdEncoding.EncodeToString([]byte("报送")), date)
	b.WriteString("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n请查收。\r\n")
	for _, f := range files {
		fmt.Fprintf(&b, "--b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n"+
			"Content-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", filepath.Base(f))
		enc := base64.StdEncoding.EncodeToString(readBytes(t, f))
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n")
	}
	b.WriteString("--b1--\r\n")
	return []byte(b.String())
}

// A mail's From is checked against the unit's contact email (a warning); its Date
// decides lateness only, and one in the future or before the period is replaced by the
// ingest time (a warning). The current return is the one ingested last, whatever the
// Dates say.
func TestMailSenderAndDate(t *testing.T) {
	ws, templates := signWorkspace(t, func(yaml string) string {
		yaml = strings.Replace(yaml, "{code: wuxing, name: 吴兴区, kind: area}",
			"{code: wuxing, name: 吴兴区, kind: area, contact: {name: 张三, email: wx@huzhou.gov.cn}}", 1)
		return strings.Replace(yaml, "{code: nanxun, name: 南浔区, kind: area}",
			"{code: nanxun, name: 南浔区, kind: area, contact: {name: 李四, email: \"nx@huzhou.gov.cn; nx2@huzhou.gov.cn\"}}", 1)
	})
	dir := filepath.Join(filepath.Dir(ws), "收件箱")
	os.MkdirAll(dir, 0o755)
	fills := map[string][]typed{
		"wuxing.xlsx": huzhouClean("wuxing"), "wuxing-更正.xlsx": with(huzhouClean("wuxing"), num("H4", "1.7")),
		"nanxun.xlsx": huzhouClean("nanxun"), "deqing.xlsx": huzhouClean("deqing"),
	}
	var jobs []pyJob
	for name, cells := range fills {
		unit := strings.Split(strings.TrimSuffix(name, ".xlsx"), "-")[0]
		jobs = append(jobs, pyJob{Op: "fill", Src: templates[unit], Dst: filepath.Join(dir, name), Cells: cells})
	}
	openpyxl(t, jobs)
	att := func(name string) string { return filepath.Join(dir, name) }
	mails := map[string][]byte{
		"1-吴兴区.eml": mailWith(t, "=?UTF-8?B?"+base64.StdEncoding.EncodeToString([]byte("吴兴区经信局"))+"?= <WX@Huzhou.gov.cn>",
			"Thu, 05 Oct 2023 10:00:00 +0800", att("wuxing.xlsx")),
		"2-南浔区.eml": mailWith(t, "someone <someone@qq.com>", "Wed, 01 Jan 2031 08:00:00 +0800", att("nanxun.xlsx")),
		"3-德清县.eml": mailWith(t, "dq <dq@qq.com>", "Thu, 01 Jun 2023 08:00:00 +0800", att("deqing.xlsx")),
	}
	for name, data := range mails {
		writeBytes(t, filepath.Join(dir, "mails", name), data)
	}
	got := tlIngest(t, ws, 0, filepath.Join(dir, "mails"))
	for _, c := range []struct {
		file, codes string
		words       []string
	}{
		{"wuxing.xlsx", "", nil},
		{"nanxun.xlsx", "mail-date-ignored,sender-mismatch", []string{"someone@qq.com", "南浔区", "nx@huzhou.gov.cn", "2031-01-01 08:00", "晚于现在的回收时间", "2023-10-08 09:00"}},
		{"deqing.xlsx", "mail-date-ignored", []string{"2023-06-01", "早于本期开始（2023-07-01）"}},
	} {
		f := got[c.file]
		if f.Outcome != "accepted" || strings.Join(codesOf(f), ",") != c.codes {
			t.Errorf("%s: %s %v, want accepted [%s]", c.file, f.Outcome, codesOf(f), c.codes)
		}
		var all string
		for _, i := range f.Issues {
			all += i.Message + "\n"
		}
		for _, w := range c.words {
			if !strings.Contains(all, w) {
				t.Errorf("%s: findings lack %q:\n%s", c.file, w, all)
			}
		}
	}
	received := func() map[string]string {
		_, out, _ := tl(t, "-w", ws, "status", "--period", "2023Q3", "--json")
		var st struct {
			Units []struct {
				Code       string  `json:"code"`
				ReceivedAt *string `json:"received_at"`
			} `json:"units"`
		}
		json.Unmarshal([]byte(out), &st)
		m := map[string]string{}
		for _, u := range st.Units {
			if u.ReceivedAt != nil {
				m[u.Code] = *u.ReceivedAt
			}
		}
		return m
	}
	at := received()
	for unit, want := range map[string]string{"wuxing": "2023-10-05T10:00:00+08:00", "nanxun": "2023-10-08T09:00:00+08:00", "deqing": "2023-10-08T09:00:00+08:00"} {
		if at[unit] != want {
			t.Errorf("%s received at %q, want %q", unit, at[unit], want)
		}
	}

	// A file that cannot be read, in a mail dated in the future: received now, too.
	writeBytes(t, filepath.Join(dir, "坏文件.xlsx"), []byte("not a workbook"))
	writeBytes(t, filepath.Join(dir, "5-坏文件.eml"), mailWith(t, "x <x@qq.com>", "Wed, 01 Jan 2031 08:00:00 +0800", att("坏文件.xlsx")))
	bad := tlIngest(t, ws, 3, filepath.Join(dir, "5-坏文件.eml"))["坏文件.xlsx"]
	if bad.Outcome != "unreadable" || !strings.Contains(strings.Join(codesOf(bad), ","), "mail-date-ignored") {
		t.Errorf("unreadable file in a future-dated mail: %s %v", bad.Outcome, codesOf(bad))
	}
	{
		db := openDB(t, ws)
		subs, _ := db.Submissions("huzhou-2023", "")
		db.Close()
		for _, s := range subs {
			if s.SHA256 == bad.SHA256 && s.ReceivedAt.Format(time.RFC3339) != "2023-10-08T01:00:00Z" {
				t.Errorf("the unreadable file is recorded as received %v, want the ingest time", s.ReceivedAt)
			}
		}
	}

	// 吴兴区's correction comes in a mail dated two days before the first one (the
	// sender's clock is wrong), ingested after it: it is the current return.
	writeBytes(t, filepath.Join(dir, "4-吴兴区-更正.eml"), mailWith(t, "wx@huzhou.gov.cn", "Tue, 03 Oct 2023 10:00:00 +0800", att("wuxing-更正.xlsx")))
	got = tlIngest(t, ws, 0, filepath.Join(dir, "4-吴兴区-更正.eml"))
	if f := got["wuxing-更正.xlsx"]; f.Outcome != "accepted" || len(f.Issues) != 0 {
		t.Errorf("the correction: %s %v", f.Outcome, codesOf(f))
	}
	db := openDB(t, ws)
	defer db.Close()
	cur, err := db.Current("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cur {
		if c.Unit != "wuxing" {
			continue
		}
		if filepath.Base(c.SourcePath) != "wuxing-更正.xlsx" {
			t.Errorf("吴兴区's current return is %s, want the correction ingested last", c.SourcePath)
		}
		for _, v := range c.Values {
			if v.Cell == "H4" && v.Value != "1.7" {
				t.Errorf("吴兴区 H4 = %s, want the correction's 1.7", v.Value)
			}
		}
	}
}

// A file once rejected or unreadable exits 3 again when it comes again, showing that
// outcome and its findings; an accepted one sent again exits 0.
func TestReingestKeepsTheOutcome(t *testing.T) {
	ws, templates := signWorkspace(t, nil)
	dir := filepath.Join(filepath.Dir(ws), "回收")
	os.MkdirAll(dir, 0o755)
	openpyxl(t, []pyJob{
		{Op: "fill", Src: templates["wuxing"], Dst: filepath.Join(dir, "01-吴兴区.xlsx"), Cells: huzhouClean("wuxing")},
		{Op: "fill", Src: templates["deqing"], Dst: filepath.Join(dir, "03-德清县.xlsx"), Cells: with(huzhouClean("deqing"), txt("H5", "abc"))},
	})
	writeBytes(t, filepath.Join(dir, "旧格式.xls"), oleFile([]byte("Workbook")...))
	first := tlIngest(t, ws, 3, dir)
	for _, c := range []struct {
		file, outcome, label string
		exit                 int
	}{
		{"03-德清县.xlsx", "rejected", "那一次的结果是“退回”，仍需重新报送改好的文件；下面是那一次的问题", 3},
		{"旧格式.xls", "unreadable", "那一次的结果是“无法读取”，仍需重新报送改好的文件；下面是那一次的问题", 3},
		{"01-吴兴区.xlsx", "accepted", "那一次的结果是“已采用”", 0},
	} {
		path := filepath.Join(dir, c.file)
		again := tlIngest(t, ws, c.exit, path)[c.file]
		if again.Outcome != "duplicate" || again.Earlier == nil || again.Earlier.Outcome != c.outcome {
			t.Errorf("%s again: %s %+v, want duplicate of a %s submission", c.file, again.Outcome, again.Earlier, c.outcome)
			continue
		}
		if fmt.Sprint(again.Issues) != fmt.Sprint(first[c.file].Issues) {
			t.Errorf("%s again shows\n  %v\nthe first time\n  %v", c.file, again.Issues, first[c.file].Issues)
		}
		code, out, _ := tl(t, "-w", ws, "ingest", path)
		if code != c.exit || !strings.Contains(out, c.label) {
			t.Errorf("%s again, human output (exit %d, want %d) lacks %q:\n%s", c.file, code, c.exit, c.label, out)
		}
		for _, i := range first[c.file].Issues {
			if !strings.Contains(out, i.Message) {
				t.Errorf("%s again: the earlier finding %q is not shown:\n%s", c.file, i.Message, out)
			}
		}
	}
}

// The same bytes twice in one batch — two copies, or loose and inside a zip — are read
// and judged once: the copies are duplicates of the first, and a rejected file's
// copies fail the batch like it.
func TestSameBytesOnceInABatch(t *testing.T) {
	ws, templates := signWorkspace(t, nil)
	dir := filepath.Join(filepath.Dir(ws), "回收")
	os.MkdirAll(dir, 0o755)
	openpyxl(t, []pyJob{
		{Op: "fill", Src: templates["wuxing"], Dst: filepath.Join(dir, "a-吴兴区.xlsx"), Cells: huzhouClean("wuxing")},
		{Op: "fill", Src: templates["deqing"], Dst: filepath.Join(dir, "c-德清县.xlsx"), Cells: with(huzhouClean("deqing"), txt("H5", "abc"))},
	})
	good, bad := readBytes(t, filepath.Join(dir, "a-吴兴区.xlsx")), readBytes(t, filepath.Join(dir, "c-德清县.xlsx"))
	writeBytes(t, filepath.Join(dir, "b-吴兴区-副本.xlsx"), good)
	writeBytes(t, filepath.Join(dir, "d-德清县-副本.xlsx"), bad)
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("e-吴兴区-压缩包里.xlsx")
	w.Write(good)
	zw.Close()
	writeBytes(t, filepath.Join(dir, "z-批次.zip"), zbuf.Bytes())

	got := tlIngest(t, ws, 3, dir)
	first := got["a-吴兴区.xlsx"]
	if first.Outcome != "accepted" || got["c-德清县.xlsx"].Outcome != "rejected" {
		t.Fatalf("first copies: %s, %s", first.Outcome, got["c-德清县.xlsx"].Outcome)
	}
	for file, want := range map[string]string{"b-吴兴区-副本.xlsx": "accepted", "e-吴兴区-压缩包里.xlsx": "accepted", "d-德清县-副本.xlsx": "rejected"} {
		f := got[file]
		if f.Outcome != "duplicate" || f.Earlier == nil || f.Earlier.Outcome != want {
			t.Errorf("%s: %s %+v, want a duplicate of the %s first copy in this batch", file, f.Outcome, f.Earlier, want)
		}
	}
	db := openDB(t, ws)
	defer db.Close()
	subs, _ := db.Submissions("huzhou-2023", "")
	entries, _ := db.Audit(store.AuditFilter{})
	dups := 0
	for _, e := range entries {
		if e.Action == store.ActionDuplicate {
			dups++
		}
	}
	if len(subs) != 2 || dups != 3 {
		t.Errorf("%d submissions and %d duplicate notes, want 2 and 3", len(subs), dups)
	}
}
