package main

// End-to-end tests of issue 11's "time zone, template fingerprint, terminal safety and
// the command-line contract" items, each on the built binary: results that do not
// depend on the machine's time zone, definition-changed only when a template's own
// content changed, no control character reaching a terminal, show --json, --version,
// history, validate of .zip and .eml, and make test's up-front check.

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
	"regexp"
	"slices"
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/internal/testtool"
	"tenglong/workbook"
)

// binRun runs the built binary with extra environment (TZ, TENGLONG_CLOCK) and returns
// the exit code and both streams.
func binRun(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := 0
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatal(err)
		}
		code = ee.ExitCode()
	}
	return code, stdout.String(), stderr.String()
}

// binOK runs the binary and wants exit 0.
func binOK(t *testing.T, env []string, args ...string) string {
	t.Helper()
	code, out, errs := binRun(t, env, args...)
	if code != 0 {
		t.Fatalf("tenglong %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// filledReturn types a value into every 本期值 of a unit's template (完成 for a worded
// target) and returns the file's bytes: a return with nothing wrong.
func filledReturn(t *testing.T, ws, period, unit string, override map[string]string) []byte {
	t.Helper()
	path := readManifest(t, filepath.Join(ws, templatesDir, period))[unit]
	data := readBytes(t, path)
	ret, err := workbook.ReadTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	c, probs := campaign.Load(readBytes(t, filepath.Join(ws, "campaign.yaml")))
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	p, _ := campaign.ParsePeriod(period)
	cells := map[string]string{}
	for _, in := range ret.Metadata.Inputs {
		if in.Kind != workbook.InputValue {
			continue
		}
		v := "1"
		if ind, ok := c.Indicator(in.Key); ok {
			if tg, _, has := c.TargetFor(ind, unit, p); ind.Kind == campaign.KindQualitative || has && tg.Form == campaign.TargetText {
				v = "完成"
			}
		}
		if o, ok := override[in.Key]; ok {
			v = o
		}
		cells[in.Sheet+"!"+in.Ref] = v
	}
	filled, err := workbook.FillInputs(data, cells)
	if err != nil {
		t.Fatal(err)
	}
	return filled
}

// TestTimesInCampaignZone (issue 11, judgments: time zone): the same returns ingested
// at the same moments give the same output on a machine set to UTC and one set to New
// York, and lateness is judged at midnight in Shanghai: 23:30 on the deadline day is on
// time, 00:10 the next day is late — although both are still the deadline day in UTC.
func TestTimesInCampaignZone(t *testing.T) {
	outputs := map[string][]string{}
	for _, tz := range []string{"UTC", "America/New_York"} {
		ws := filepath.Join(t.TempDir(), "office")
		env := []string{"TZ=" + tz}
		binOK(t, env, "init", ws, "--seed", "huzhou-2023")
		// 2023-09-30 16:30 UTC is 2023-10-01 00:30 in Shanghai: the templates are dated the 1st.
		binOK(t, append(env, "TENGLONG_CLOCK=2023-09-30T16:30:00Z"), "-w", ws, "generate", "--period", "2023Q3")
		for unit, path := range readManifest(t, filepath.Join(ws, templatesDir, "2023Q3")) {
			ret, err := workbook.ReadTemplate(readBytes(t, path))
			if err != nil {
				t.Fatal(err)
			}
			if ret.Metadata.Generated != "2023-10-01" {
				t.Errorf("TZ=%s: %s's template generated %q, want 2023-10-01 (Shanghai)", tz, unit, ret.Metadata.Generated)
			}
		}
		dir := filepath.Join(ws, "回收")
		os.MkdirAll(dir, 0o755)
		onTime, late := filepath.Join(dir, "01-吴兴区.xlsx"), filepath.Join(dir, "02-南浔区.xlsx")
		writeBytes(t, onTime, filledReturn(t, ws, "2023Q3", "wuxing", nil))
		writeBytes(t, late, filledReturn(t, ws, "2023Q3", "nanxun", nil))
		// The deadline of 2023Q3 is 2023-10-10.
		in1 := binOK(t, append(env, "TENGLONG_CLOCK=2023-10-10T15:30:00Z"), "-w", ws, "ingest", onTime) // 23:30 in Shanghai
		in2 := binOK(t, append(env, "TENGLONG_CLOCK=2023-10-10T16:10:00Z"), "-w", ws, "ingest", late)   // 00:10 on the 11th
		if !strings.Contains(in2, "迟报") || strings.Contains(in1, "迟报") {
			t.Errorf("TZ=%s: lateness judged outside Shanghai:\n%s%s", tz, in1, in2)
		}
		status := binOK(t, env, "-w", ws, "status", "--period", "2023Q3")
		if line := lineStarting(status, "南浔区"); !strings.Contains(line, "2023-10-11 00:10") || !strings.Contains(line, "迟报") {
			t.Errorf("TZ=%s: 南浔区's status line %q, want received 2023-10-11 00:10, 迟报", tz, line)
		}
		if line := lineStarting(status, "吴兴区"); !strings.Contains(line, "2023-10-10 23:30") || strings.Contains(line, "迟报") {
			t.Errorf("TZ=%s: 吴兴区's status line %q, want received 2023-10-10 23:30, on time", tz, line)
		}
		var st struct {
			Units []struct {
				Code       string  `json:"code"`
				ReceivedAt *string `json:"received_at"`
				Late       bool    `json:"late"`
			} `json:"units"`
		}
		statusJSON := binOK(t, env, "-w", ws, "status", "--period", "2023Q3", "--json")
		jsonOf(t, statusJSON, &st)
		want := map[string]string{"wuxing": "2023-10-10T23:30:00+08:00 false", "nanxun": "2023-10-11T00:10:00+08:00 true"}
		for _, u := range st.Units {
			if w, ok := want[u.Code]; ok {
				if got := orEmpty(u.ReceivedAt) + " " + map[bool]string{true: "true", false: "false"}[u.Late]; got != w {
					t.Errorf("TZ=%s: status --json %s: %s, want %s", tz, u.Code, got, w)
				}
			}
		}
		history := binOK(t, env, "-w", ws, "history", "--unit", "南浔区", "--period", "2023Q3")
		if !strings.Contains(history, "2023-10-11 00:10") {
			t.Errorf("TZ=%s: history shows the received time outside Shanghai:\n%s", tz, history)
		}
		consolidated := binOK(t, env, "-w", ws, "consolidate", "--period", "2023Q3", "--json")
		if !strings.Contains(consolidated, `"received_at": "2023-10-11T00:10:00+08:00"`) {
			t.Errorf("TZ=%s: consolidate --json received_at not in Shanghai time", tz)
		}
		// The audit log's own time is the store's clock, not TENGLONG_CLOCK: it differs
		// between the two runs by the seconds between them. The templates' bytes differ
		// too: each workspace signs them with its own key.
		recorded := regexp.MustCompile(`(?m)^(\s*\d+  )\d{4}-\d\d-\d\d \d\d:\d\d|"at": "[^"]*"|"sha256": "[0-9a-f]{64}"`)
		clean := func(s string) string {
			return recorded.ReplaceAllString(strings.ReplaceAll(s, ws, "$WS"), "${1}<recorded>")
		}
		// Printed at 01:00 on the 20th in Shanghai: still the 19th in UTC and New York.
		pdf := filepath.Join(ws, "通报.pdf")
		binOK(t, append(env, "TENGLONG_CLOCK=2023-10-19T17:00:00Z"), "-w", ws, "bulletin", "--period", "2023Q3", "-o", pdf)
		if text := testtool.Run(t, testtool.Need(t, "pdftotext", "poppler-utils"), pdf, "-"); !strings.Contains(text, "2023年10月20日") {
			t.Errorf("TZ=%s: the bulletin is not dated 2023年10月20日 (Shanghai):\n%s", tz, text[:min(len(text), 600)])
		}
		outputs[tz] = []string{clean(in1), clean(in2), status, statusJSON, clean(history),
			clean(binOK(t, env, "-w", ws, "history", "--unit", "wuxing", "--period", "2023Q3", "--json")), consolidated}
	}
	// A zone the database does not know is an error with its line, not a fallback.
	ws := filepath.Join(t.TempDir(), "office")
	binOK(t, nil, "init", ws, "--seed", "huzhou-2023")
	yamlPath := filepath.Join(ws, "campaign.yaml")
	writeBytes(t, yamlPath, append(readBytes(t, yamlPath), "timezone: Asia/Beijing\n"...))
	code, out, _ := binRun(t, nil, "-w", ws, "check")
	lines := strings.Count(string(readBytes(t, yamlPath)), "\n")
	if want := fmt.Sprintf("第 %d 行：时区 timezone“Asia/Beijing”不是有效的时区名称", lines); code != 3 || !strings.Contains(out, want) || !strings.Contains(out, "[bad-timezone]") {
		t.Errorf("check of timezone: Asia/Beijing: exit %d, want 3 and %q:\n%s", code, want, out)
	}
	// The zone database is inside the binary: a machine without zoneinfo (Windows,
	// a minimal container) still knows Asia/Shanghai.
	if nm, err := exec.Command("go", "tool", "nm", binary).Output(); err != nil || !strings.Contains(string(nm), "time/tzdata") {
		t.Errorf("the binary does not embed time/tzdata (%v)", err)
	}
	for i := range outputs["UTC"] {
		if a, b := outputs["UTC"][i], outputs["America/New_York"][i]; a != b {
			t.Errorf("output %d differs between TZ=UTC and TZ=America/New_York:\n%s\n---\n%s", i, a, b)
		}
	}
}

// TestDefinitionChangedOnlyWhenTemplateChanged (issue 11, judgments): adding interview
// rules, thresholds, a contact, another issuer, another unit's target or the total's
// leaves a template already sent valid; changing what the template shows for its unit
// does not.
func TestDefinitionChangedOnlyWhenTemplateChanged(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	binOK(t, nil, "init", ws, "--seed", "huzhou-2023")
	binOK(t, nil, "-w", ws, "generate", "--period", "2023Q3")
	ret := filepath.Join(ws, "01-吴兴区.xlsx")
	writeBytes(t, ret, filledReturn(t, ws, "2023Q3", "wuxing", nil))
	yamlPath := filepath.Join(ws, "campaign.yaml")
	original := string(readBytes(t, yamlPath))

	codes := func() []string {
		t.Helper()
		_, out, errs := binRun(t, nil, "-w", ws, "validate", ret, "--json")
		var f ingestFile
		if err := json.Unmarshal([]byte(out), &f); err != nil {
			t.Fatalf("validate --json: %v\n%s%s", err, out, errs)
		}
		var cs []string
		for _, is := range f.Issues {
			cs = append(cs, is.Code)
		}
		return cs
	}
	if cs := codes(); slices.Contains(cs, "definition-changed") {
		t.Fatalf("definition-changed on an unchanged campaign: %v", cs)
	}
	edit := func(s, old, new string) string {
		t.Helper()
		if !strings.Contains(s, old) {
			t.Fatalf("campaign.yaml has no %q", old)
		}
		return strings.Replace(s, old, new, 1)
	}
	unchanged := original
	unchanged = edit(unchanged, "issuer: 湖州市制造业高质量发展领导小组办公室", "issuer: 湖州市经济和信息化局")
	unchanged = edit(unchanged, "nanxun: 250, deqing: 250", "nanxun: 260, deqing: 250") // another unit's target
	unchanged = edit(unchanged, "city: 1200", "city: 1300")                             // the total's target
	unchanged = edit(unchanged, "{code: nanxun, name: 南浔区, kind: area}", "{code: nanxun, name: 南浔区, kind: area, contact: {name: 李四, email: li@example.cn}}")
	unchanged = edit(unchanged, "    - {id: slow, when: {rank-from-bottom: 1}, reason: 培育推进慢的区县}\n",
		"    - {id: slow, when: {rank-from-bottom: 1}, reason: 培育推进慢的区县}\n"+
			"    - {id: red3, when: {red-at-least: 3}, reason: 3项及以上指标落后序时进度}\n")
	unchanged += "progress: {green: 1.0, yellow: 0.8}\n" +
		"contact: {name: 张三, phone: 0572-2222222}\n"
	writeBytes(t, yamlPath, []byte(unchanged))
	binOK(t, nil, "-w", ws, "check")
	if cs := codes(); slices.Contains(cs, "definition-changed") {
		t.Errorf("definition-changed although 吴兴区's template shows the same: %v", cs)
	}
	for name, changed := range map[string]string{
		"own target":     edit(unchanged, "targets: {wuxing: 150,", "targets: {wuxing: 160,"),
		"indicator name": edit(unchanged, "name: 高耗低效整治企业数", "name: 高耗低效企业整治数"),
	} {
		writeBytes(t, yamlPath, []byte(changed))
		if cs := codes(); !slices.Contains(cs, "definition-changed") {
			t.Errorf("%s changed 吴兴区's template, but no definition-changed: %v", name, cs)
		}
	}
}

// rawControl matches what must never reach a terminal: C0 controls but newline and
// tab, DEL, C1 controls, bidi overrides and isolates.
var rawControl = regexp.MustCompile("[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

// TestNoControlCharactersOnTerminal (issue 11, intake): a file name with an escape
// sequence and a cell typed with a bidi override and a C1 CSI are shown escaped by
// ingest, validate, status, history and consolidate; --json still carries them exactly;
// campaign.yaml refuses them in names with the line.
func TestNoControlCharactersOnTerminal(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	binOK(t, nil, "init", ws, "--seed", "huzhou-2023")
	binOK(t, nil, "-w", ws, "generate", "--period", "2023Q3")
	dir := filepath.Join(ws, "回收")
	os.MkdirAll(dir, 0o755)
	// What a cell can hold (XML 1.0 has no ESC; the file name carries that).
	hostile := "13\u202e\u009b2J\u2066"
	name := "01-\x1b]0;pwned\x07\x1b[2J吴兴区\r\b.xlsx"
	path := filepath.Join(dir, name)
	writeBytes(t, path, filledReturn(t, ws, "2023Q3", "wuxing", map[string]string{"tax-per-mu": hostile}))

	check := func(what, out string) {
		t.Helper()
		if loc := rawControl.FindStringIndex(out); loc != nil {
			t.Errorf("%s printed a raw control character %q:\n%q", what, out[loc[0]:loc[1]], out)
		}
	}
	code, out, errs := binRun(t, nil, "-w", ws, "validate", path)
	check("validate", out+errs)
	if code != 3 || !strings.Contains(out, `\u001b[2J`) || !strings.Contains(out, `\u202e`) {
		t.Errorf("validate: exit %d, want 3 and the escapes shown as \\u001b, \\u202e:\n%s%s", code, out, errs)
	}
	code, out, errs = binRun(t, nil, "-w", ws, "ingest", dir)
	check("ingest", out+errs)
	if code != 3 {
		t.Errorf("ingest exit %d, want 3 (tax-per-mu is not a number)", code)
	}
	for _, args := range [][]string{
		{"status", "--period", "2023Q3"},
		{"history", "--unit", "wuxing", "--period", "2023Q3"},
		{"consolidate", "--period", "2023Q3"},
	} {
		_, out, errs := binRun(t, nil, append([]string{"-w", ws}, args...)...)
		check(args[0], out+errs)
	}
	_, out, _ = binRun(t, nil, "-w", ws, "history", "--unit", "wuxing", "--period", "2023Q3")
	if !strings.Contains(out, `\u001b]0;pwned\u0007`) {
		t.Errorf("history does not show the file name escaped:\n%s", out)
	}
	// --json: escaped on the wire, exact once decoded.
	_, out, _ = binRun(t, nil, "-w", ws, "validate", path, "--json")
	check("validate --json", out)
	var f ingestFile
	jsonOf(t, out, &f)
	if f.Path != path {
		t.Errorf("validate --json path %q, want %q", f.Path, path)
	}
	quoted := false
	for _, is := range f.Issues {
		quoted = quoted || strings.Contains(is.Message, hostile)
	}
	if !quoted {
		t.Errorf("validate --json lost the typed text %q: %+v", hostile, f.Issues)
	}

	// campaign.yaml: refused with its line, and the message is safe too.
	yamlPath := filepath.Join(ws, "campaign.yaml")
	y := strings.Replace(string(readBytes(t, yamlPath)), "{code: nanxun, name: 南浔区, kind: area}", `{code: nanxun, name: "南浔区\e[2J\u202e", kind: area}`, 1)
	writeBytes(t, yamlPath, []byte(y))
	code, out, errs = binRun(t, nil, "-w", ws, "check")
	check("check", out+errs)
	if code != 3 || !strings.Contains(out, "第 47 行") || !strings.Contains(out, "控制字符") || !strings.Contains(out, "[control-char]") {
		t.Errorf("check: exit %d, want 3 and a control-char error on line 47:\n%s%s", code, out, errs)
	}
}

// TestShowJSONAndVersion (issue 11, setup and contract): show --json is one JSON
// document with the units, targets as strings and the time zone; --version and version
// print the release, Go version and platform, the release stamped at build time.
func TestShowJSONAndVersion(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	binOK(t, nil, "init", ws, "--seed", "huzhou-2023")
	code, out, errs := binRun(t, nil, "-w", ws, "show", "--json")
	if code != 0 || errs != "" {
		t.Fatalf("show --json: exit %d\n%s", code, errs)
	}
	var doc struct {
		ID         string `json:"id"`
		Timezone   string `json:"timezone"`
		Units      []struct{ Code, Name, Kind string }
		Total      *struct{ Code, Name string }
		Indicators []struct {
			ID      string `json:"id"`
			Targets []struct {
				Year  int     `json:"year"`
				Unit  string  `json:"unit"`
				Form  string  `json:"form"`
				Value *string `json:"value"`
			} `json:"targets"`
		} `json:"indicators"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	if err := dec.Decode(&doc); err != nil || dec.More() {
		t.Fatalf("show --json is not one JSON document: %v\n%s", err, out)
	}
	if doc.ID != "huzhou-2023" || doc.Timezone != "Asia/Shanghai" || len(doc.Units) != 6 || doc.Total == nil || doc.Total.Code != "city" {
		t.Errorf("show --json: %+v", doc)
	}
	found := false
	for _, in := range doc.Indicators {
		for _, tg := range in.Targets {
			if in.ID == "inefficient-firms" && tg.Unit == "wuxing" && tg.Year == 2023 && tg.Form == "number" && tg.Value != nil && *tg.Value == "150" {
				found = true
			}
		}
	}
	if !found || !strings.Contains(out, `"value": "150"`) {
		t.Errorf("show --json lacks 吴兴区's 2023 target of inefficient-firms as the string \"150\"")
	}

	versionLine := regexp.MustCompile(`^tenglong dev（go1\.\d+(\.\d+)?，[a-z0-9]+/[a-z0-9]+）\n$`)
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, errs := binRun(t, nil, args...)
		if code != 0 || !versionLine.MatchString(out) || errs != "" {
			t.Errorf("tenglong %s: exit %d, %q %q", args[0], code, out, errs)
		}
	}
	stamped := filepath.Join(t.TempDir(), "tenglong")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=v9.8.7-2-gabcdef0", "-o", stamped, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -ldflags: %v\n%s", err, out)
	}
	if out, err := exec.Command(stamped, "--version").Output(); err != nil || !strings.HasPrefix(string(out), "tenglong v9.8.7-2-gabcdef0（go") {
		t.Errorf("stamped --version: %q %v", out, err)
	}
	// The Makefile stamps what git describe says.
	makefile := string(readBytes(t, filepath.Join("..", "..", "Makefile")))
	if !strings.Contains(makefile, "git describe") || !strings.Contains(makefile, "-X main.version=") {
		t.Error("the Makefile does not stamp the version from git describe")
	}
}

// TestHistory (issue 11, contract): every submission of a unit for a period, in order,
// from the audit log: a rejection, an acceptance, a correction superseding it and a
// duplicate; unit by code or name; --json the same events.
func TestHistory(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	binOK(t, nil, "init", ws, "--seed", "huzhou-2023")
	binOK(t, nil, "-w", ws, "generate", "--period", "2023Q3")
	dir := t.TempDir()
	bad := filepath.Join(dir, "1-退回.xlsx")
	first := filepath.Join(dir, "2-首报.xlsx")
	fix := filepath.Join(dir, "3-更正.xlsx")
	again := filepath.Join(dir, "4-重发.xlsx")
	writeBytes(t, bad, filledReturn(t, ws, "2023Q3", "wuxing", map[string]string{"tax-per-mu": "abc"}))
	writeBytes(t, first, filledReturn(t, ws, "2023Q3", "wuxing", nil))
	writeBytes(t, fix, filledReturn(t, ws, "2023Q3", "wuxing", map[string]string{"tax-per-mu": "50"}))
	writeBytes(t, again, readBytes(t, fix))
	clock := []string{"TENGLONG_CLOCK=2023-10-09T01:00:00Z"}
	if code, _, _ := binRun(t, clock, "-w", ws, "ingest", bad); code != 3 {
		t.Fatalf("the bad return was not rejected")
	}
	for i, f := range []string{first, fix, again} {
		binOK(t, []string{"TENGLONG_CLOCK=2023-10-09T0" + string(rune('2'+i)) + ":00:00Z"}, "-w", ws, "ingest", f)
	}
	var doc struct {
		Unit   string `json:"unit"`
		Events []struct {
			Action     string  `json:"action"`
			Submission int64   `json:"submission"`
			Path       string  `json:"path"`
			ReceivedAt *string `json:"received_at"`
			Errors     int     `json:"errors"`
		} `json:"events"`
	}
	jsonOf(t, binOK(t, nil, "-w", ws, "history", "--unit", "wuxing", "--period", "2023Q3", "--json"), &doc)
	var got []string
	for _, e := range doc.Events {
		got = append(got, e.Action+":"+filepath.Base(e.Path))
	}
	want := []string{"rejected:1-退回.xlsx", "accepted:2-首报.xlsx", "accepted:3-更正.xlsx", "superseded:2-首报.xlsx", "duplicate:3-更正.xlsx"}
	if !slices.Equal(got, want) {
		t.Errorf("history --json events %v, want %v", got, want)
	}
	if len(doc.Events) > 0 && (doc.Events[0].Errors != 1 || orEmpty(doc.Events[0].ReceivedAt) != "2023-10-09T09:00:00+08:00") {
		t.Errorf("the rejection: %+v", doc.Events[0])
	}
	human := binOK(t, nil, "-w", ws, "history", "--unit", "吴兴区", "--period", "2023Q3")
	var order []int
	for _, word := range []string{"退回", "采用", "被更正", "重复报送"} {
		order = append(order, strings.Index(human, "  "+word+"  "))
	}
	if !strings.HasPrefix(human, "吴兴区 2023年第三季度 报送记录（截止 2023-10-10）") || slices.Contains(order, -1) || !slices.IsSorted(order) ||
		!strings.Contains(human, "共 5 条记录") || !strings.Contains(human, "2023-10-09 09:00") {
		t.Errorf("history by name:\n%s", human)
	}
	if out := binOK(t, nil, "-w", ws, "history", "--unit", "nanxun", "--period", "2023Q3"); !strings.Contains(out, "还没有收到南浔区2023年第三季度的任何报送") {
		t.Errorf("history of a unit with nothing:\n%s", out)
	}
	if code, _, errs := binRun(t, nil, "-w", ws, "history", "--unit", "上海", "--period", "2023Q3"); code != 2 || !strings.Contains(errs, "没有单位“上海”") {
		t.Errorf("history of an unknown unit: exit %d %s", code, errs)
	}
}

// TestValidateZipAndMail (issue 11, contract): validate opens a .zip and a saved mail
// like ingest does, checks every workbook inside, judges lateness by the mail's Date,
// and stores nothing.
func TestValidateZipAndMail(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	binOK(t, nil, "init", ws, "--seed", "huzhou-2023")
	binOK(t, nil, "-w", ws, "generate", "--period", "2023Q3")
	good := filledReturn(t, ws, "2023Q3", "wuxing", nil)
	bad := filledReturn(t, ws, "2023Q3", "nanxun", map[string]string{"tax-per-mu": "abc"})
	dir := t.TempDir()
	dbPath := filepath.Join(ws, "tenglong.db")
	_, statErr := os.Stat(dbPath)
	hadStore := statErr == nil
	var subsBefore, auditBefore int
	if hadStore {
		subsBefore, auditBefore = storeCounts(t, ws, "huzhou-2023")
	}

	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for name, data := range map[string][]byte{"回收/01-吴兴区.xlsx": good, "回收/02-南浔区.xlsx": bad} {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	zipPath := filepath.Join(dir, "批次.zip")
	writeBytes(t, zipPath, zbuf.Bytes())
	code, out, errs := binRun(t, nil, "-w", ws, "validate", zipPath, "--json")
	var doc struct{ Files []ingestFile }
	jsonOf(t, out, &doc)
	outcomes := map[string]string{}
	for _, f := range doc.Files {
		outcomes[f.Path] = f.Outcome + " " + f.Unit
	}
	want := map[string]string{zipPath + "/回收/01-吴兴区.xlsx": "accepted wuxing", zipPath + "/回收/02-南浔区.xlsx": "rejected nanxun"}
	if code != 3 || len(outcomes) != 2 || outcomes[zipPath+"/回收/01-吴兴区.xlsx"] != want[zipPath+"/回收/01-吴兴区.xlsx"] ||
		outcomes[zipPath+"/回收/02-南浔区.xlsx"] != want[zipPath+"/回收/02-南浔区.xlsx"] {
		t.Errorf("validate zip: exit %d, %v, want 3 and %v\n%s", code, outcomes, want, errs)
	}
	code, out, _ = binRun(t, nil, "-w", ws, "validate", zipPath)
	if code != 3 || !strings.Contains(out, "01-吴兴区.xlsx  吴兴区 2023Q3  没有问题") && !strings.Contains(out, "01-吴兴区.xlsx  吴兴区 2023Q3") || !strings.Contains(out, "02-南浔区.xlsx  南浔区 2023Q3") {
		t.Errorf("validate zip, human:\n%s", out)
	}

	// A saved mail, sent after the deadline (2023-10-10) in Shanghai.
	var mbuf bytes.Buffer
	mbuf.WriteString("From: wuxing@example.cn\r\nTo: office@example.cn\r\nSubject: =?UTF-8?B?" +
		base64.StdEncoding.EncodeToString([]byte("吴兴区三季度报表")) + "?=\r\nDate: Wed, 11 Oct 2023 09:00:00 +0800\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n见附件\r\n" +
		"--b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n" +
		"Content-Disposition: attachment; filename=\"01-wuxing.xlsx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString(good)
	for len(enc) > 76 {
		mbuf.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	mbuf.WriteString(enc + "\r\n--b1--\r\n")
	mailPath := filepath.Join(dir, "回复.eml")
	writeBytes(t, mailPath, mbuf.Bytes())
	code, out, errs = binRun(t, nil, "-w", ws, "validate", mailPath)
	if code != 0 || !strings.Contains(out, "01-wuxing.xlsx  吴兴区 2023Q3") || !strings.Contains(out, "迟报") {
		t.Errorf("validate mail: exit %d, want 0, 吴兴区, 迟报 (the mail's Date is after the deadline):\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(dbPath); !hadStore && !errors.Is(err, os.ErrNotExist) {
		t.Errorf("validate created a store: %v", err)
	}
	if hadStore {
		if subs, audit := storeCounts(t, ws, "huzhou-2023"); subs != subsBefore || audit != auditBefore {
			t.Errorf("validate stored something: %d submissions, %d audit entries (before %d, %d)", subs, audit, subsBefore, auditBefore)
		}
	}
}

// TestMakeTestChecksTools (issue 11, setup; issue 17: one list, .ci/packages): make
// test checks the Debian packages the tests need before anything runs; with some
// missing it prints one Chinese line naming the exact apt-get command and fails. On
// this machine (which has them) it passes.
func TestMakeTestChecksTools(t *testing.T) {
	script := filepath.Join("..", "..", ".ci", "deps.sh")
	makefile := string(readBytes(t, filepath.Join("..", "..", "Makefile")))
	if !regexp.MustCompile(`(?m)^test: deps\b`).MatchString(makefile) || !strings.Contains(makefile, "sh .ci/deps.sh") {
		t.Error("make test does not run .ci/deps.sh first")
	}
	if ci := string(readBytes(t, filepath.Join("..", "..", ".ci", "run"))); !regexp.MustCompile(`(?m)^make test$`).MatchString(ci) {
		t.Error(".ci/run no longer runs the README's command, make test")
	}
	if readme := string(readBytes(t, filepath.Join("..", "..", "README.md"))); !strings.Contains(readme, "Go 1.26.8") || strings.Contains(readme, "1.26 及以上") {
		t.Error("the README does not say Go 1.26.8")
	}
	if out, err := exec.Command("sh", script).CombinedOutput(); err != nil {
		t.Errorf("deps.sh fails on a machine with every tool: %v\n%s", err, out)
	}
	// A PATH with a shell, an ordinary user's id and a dpkg that has everything but
	// LibreOffice and poppler: they are missing.
	bin := t.TempDir()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(sh, filepath.Join(bin, "sh")); err != nil {
		t.Fatal(err)
	}
	writeBytes(t, filepath.Join(bin, "dpkg-query"), []byte("#!"+sh+"\ncase $3 in libreoffice-calc-nogui|poppler-utils) exit 1;; esac\necho 'install ok installed'\n"))
	writeBytes(t, filepath.Join(bin, "id"), []byte("#!"+sh+"\necho 1000\n"))
	writeBytes(t, filepath.Join(bin, "unshare"), []byte("#!"+sh+"\nexit 0\n"))
	for _, f := range []string{"dpkg-query", "id", "unshare"} {
		os.Chmod(filepath.Join(bin, f), 0o755)
	}
	cmd := exec.Command(filepath.Join(bin, "sh"), script)
	cmd.Env = []string{"PATH=" + bin}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Errorf("deps.sh with tools missing: %v, want exit 1", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	want := "apt-get install -y --no-install-recommends libreoffice-calc-nogui poppler-utils"
	if len(lines) != 1 || !strings.Contains(lines[0], want) || !strings.Contains(lines[0], "缺少测试所需的软件") {
		t.Errorf("deps.sh said %q, want one Chinese line with %q", out, want)
	}
}

// shanghai is the seeds' time zone (campaign.yaml has no timezone: the default).
var shanghai = new(campaign.Campaign).Location()
