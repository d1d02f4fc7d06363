package campaign

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"tenglong/internal/corpus"
)

func TestFingerprint(t *testing.T) {
	base := `id: fp
title: 指纹
span: {start: 2023-01, end: 2023-12}
units: [{code: a, name: 甲}, {code: b, name: 乙}]
indicators:
  - {id: i, name: 指标, kind: flow, targets: {a: 1, b: 2.0}}
`
	load := func(s string) *Campaign {
		c, probs := Load([]byte(s))
		if probs.HasErrors() {
			t.Fatal(probs)
		}
		return c
	}
	fp := load(base).Fingerprint()
	if len(fp) != 64 || fp != load(base).Fingerprint() {
		t.Fatalf("fingerprint %q is not a stable sha256", fp)
	}
	same := []string{
		"# 注释不影响\n" + base, // comments
		strings.Replace(base, "targets: {a: 1, b: 2.0}", "targets: {b: 2.0, a: 1}", 1),                                                        // map order
		strings.Replace(base, "units: [{code: a, name: 甲}, {code: b, name: 乙}]", "units:\n  - {code: a, name: 甲}\n  - {code: b, name: 乙}", 1), // layout
	}
	for _, s := range same {
		if load(s).Fingerprint() != fp {
			t.Errorf("fingerprint changed for an equivalent file:\n%s", s)
		}
	}
	different := []string{
		strings.Replace(base, "a: 1,", "a: 1.5,", 1),
		strings.Replace(base, "b: 2.0", "b: 2", 1), // as written differs: 2.0 is shown as 2.0
		strings.Replace(base, "name: 乙", "name: 乙街道", 1),
		strings.Replace(base, "kind: flow", "kind: level", 1),
		base + "tasks: [{id: t1, title: 任务, lead: [a]}]\n",
	}
	for _, s := range different {
		if load(s).Fingerprint() == fp {
			t.Errorf("fingerprint did not change for:\n%s", s)
		}
	}
}

// TestTemplateFingerprint: a unit's template fingerprint changes with what that
// template shows or accepts, and with nothing else.
func TestTemplateFingerprint(t *testing.T) {
	base := `id: fp
title: 指纹
issuer: 办公室
span: {start: 2023-01, end: 2023-12}
units: [{code: a, name: 甲}, {code: b, name: 乙}]
total: {code: city, name: 全市}
indicators:
  - {id: i, name: 指标, kind: flow, measure: 家, targets: {a: 1, b: 2, city: 3}}
lists:
  - {id: l, name: 清单, rows: 5, columns: [{id: n, title: 名称, type: text}]}
tasks:
  - {id: t1, title: 任务一, lead: [a]}
  - {id: t2, title: 任务二, lead: [b]}
`
	p, _ := ParsePeriod("2023Q3")
	fp := func(s string) string {
		t.Helper()
		c, probs := Load([]byte(s))
		if probs.HasErrors() {
			t.Fatalf("%v\n%s", probs, s)
		}
		return c.TemplateFingerprint("a", p)
	}
	want := fp(base)
	same := map[string]string{
		"interview rules": base + "interviews: {rules: [{id: last, when: {rank-from-bottom: 1}, reason: 末位}]}\n",
		"scoring":         base + "scoring: {items: [{id: s, name: 得分, points: 10, formula: minmax, metric: i.actual}]}\n",
		"thresholds":      base + "progress: {green: 1.0, yellow: 0.8}\n",
		"timezone":        base + "timezone: Asia/Urumqi\n",
		"issuer":          strings.Replace(base, "issuer: 办公室", "issuer: 领导小组办公室", 1),
		"title":           strings.Replace(base, "title: 指纹", "title: 新指纹", 1),
		"contact":         strings.Replace(base, "{code: a, name: 甲}", "{code: a, name: 甲, contact: {name: 张三, email: z@example.cn}}", 1),
		"other's target":  strings.Replace(base, "b: 2,", "b: 20,", 1),
		"total target":    strings.Replace(base, "city: 3", "city: 30", 1),
		"other's task":    strings.Replace(base, "title: 任务二", "title: 任务二改", 1),
		"deadline":        base + "deadline: 15\n",
	}
	for name, s := range same {
		if got := fp(s); got != want {
			t.Errorf("%s changed unit a's template fingerprint", name)
		}
	}
	different := map[string]string{
		"own target":     strings.Replace(base, "a: 1,", "a: 1.5,", 1),
		"indicator name": strings.Replace(base, "name: 指标", "name: 指标二", 1),
		"measure":        strings.Replace(base, "measure: 家", "measure: 个", 1),
		"kind":           strings.Replace(base, "kind: flow", "kind: level", 1),
		"list column":    strings.Replace(base, "title: 名称", "title: 企业名称", 1),
		"list rows":      strings.Replace(base, "rows: 5", "rows: 6", 1),
		"own task":       strings.Replace(base, "title: 任务一", "title: 任务一改", 1),
		"unit name":      strings.Replace(base, "name: 甲", "name: 甲镇", 1),
		"new indicator":  strings.Replace(base, "lists:", "  - {id: j, name: 新指标, kind: flow, targets: {a: 1}}\nlists:", 1),
	}
	for name, s := range different {
		if got := fp(s); got == want {
			t.Errorf("%s did not change unit a's template fingerprint", name)
		}
	}
	c, _ := Load([]byte(base))
	q, _ := ParsePeriod("2023Q2")
	if c.TemplateFingerprint("a", p) == c.TemplateFingerprint("b", p) || c.TemplateFingerprint("a", p) == c.TemplateFingerprint("a", q) {
		t.Error("the fingerprint must differ between units and periods")
	}
}

// TestTemplateFingerprintBase: the template's 完成率 and 填报口径 count from the unit's
// base (基数), so changing the unit's base changes its fingerprint; another unit's base
// does not.
func TestTemplateFingerprintBase(t *testing.T) {
	withBase := func(base string) string {
		return `id: fp
title: 指纹
span: {start: 2023-01, end: 2023-12}
units: [{code: a, name: 甲}, {code: b, name: 乙}]
indicators:
  - {id: i, name: 指标, kind: flow, scope: cumulative, measure: 家, targets: {a: 10, b: 20}` + base + `}
`
	}
	p, _ := ParsePeriod("2023Q3")
	fp := func(s string) string {
		t.Helper()
		c, probs := Load([]byte(s))
		if probs.HasErrors() {
			t.Fatalf("%v\n%s", probs, s)
		}
		return c.TemplateFingerprint("a", p)
	}
	want := fp(withBase(", base: {a: 4, b: 5}"))
	if fp(withBase(", base: {a: 4, b: 6}")) != want {
		t.Error("another unit's base changed unit a's template fingerprint")
	}
	for _, other := range []string{", base: {a: 3, b: 5}", ", base: {b: 5}", ""} {
		if fp(withBase(other)) == want {
			t.Errorf("base%q did not change unit a's template fingerprint", other)
		}
	}
}

// TestTemplateFingerprintTaskIndex: the tasks a unit leads or co-owns, found through
// the campaign's index of tasks by unit, give the fingerprint a scan of every task
// gives — same tasks, same order, each once even when a unit both leads and co-owns.
func TestTemplateFingerprintTaskIndex(t *testing.T) {
	c, probs := Load([]byte(`id: fp
title: 指纹
span: {start: 2023-01, end: 2023-12}
units: [{code: a, name: 甲}, {code: b, name: 乙}, {code: c, name: 丙}, {code: d, name: 丁}]
indicators:
  - {id: i, name: 指标, kind: flow, targets: {a: 1, b: 2, c: 3, d: 4}}
tasks:
  - {id: t1, title: 任务一, lead: [a], co: [b]}
  - {id: t2, title: 任务二, lead: [b, a]}
  - {id: t3, title: 任务三, lead: [c], co: [a, c]}
  - {id: t4, title: 任务四, lead: [b], co: [c]}
`))
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	p, _ := ParsePeriod("2023Q3")
	scanned := *c
	scanned.fingerprint = nil // no cache: every task scanned
	for _, u := range []string{"a", "b", "c", "d", "nobody"} {
		if got, want := c.TemplateFingerprint(u, p), scanned.TemplateFingerprint(u, p); got != want {
			t.Errorf("unit %s: indexed fingerprint %s, scanned %s", u, got, want)
		}
	}
	if got := c.unitTasks("c"); len(got) != 2 || got[0] != 2 || got[1] != 3 {
		t.Errorf("unit c's tasks %v, want [2 3] (t3 once, t4)", got)
	}
}

// TestTemplateFingerprintIsMarshal: the fingerprint, encoded straight into the hash,
// is the sha256 of json.Marshal of what the template shows, as templates already
// sent carry it — for units with and without tasks, lists, presets and indicators.
func TestTemplateFingerprintIsMarshal(t *testing.T) {
	for name, yaml := range map[string][]byte{
		"generated": corpus.Campaign(corpus.Size{Units: 6, Indicators: 12, Tasks: 5, Lists: 1, ListRows: 4}),
		"bare": []byte(`id: bare
title: 空
span: {start: 2023-01, end: 2023-12}
units: [{code: a, name: "甲<&>"}]
indicators:
  - {id: i, name: 指标, kind: flow, targets: {a: 1}}
`),
	} {
		pinned := map[string]string{
			"generated u0000":  "d4165acc4200e3ffc55003897be8645aa996819d5988432d57b203aab0e6a79b",
			"generated nobody": "f1872608778a9374479ad9f2cd1634247b036f11ca30f15594da0030cab5de19",
			"bare a":           "262553e3cf75477a0c8aae7f7010b79f10132d1bbf69cb78d22edb913748a140",
			"bare nobody":      "1beead85a882b11bb0c70ed74b5467e244a8a05163fac3792cb79792c28d0255",
		}
		c, probs := Load(yaml)
		if probs.HasErrors() {
			t.Fatal(name, probs)
		}
		p, _ := ParsePeriod("2023Q3")
		units := []string{"nobody"}
		for _, u := range c.Units {
			units = append(units, u.Code)
		}
		for _, u := range units {
			// Worked out by json.Marshal before the encoding went straight into the
			// hash: what templates sent since carry.
			if want, ok := pinned[name+" "+u]; ok && c.TemplateFingerprint(u, p) != want {
				t.Errorf("%s unit %s: fingerprint %s, templates carry %s", name, u, c.TemplateFingerprint(u, p), want)
			}
			data, err := json.Marshal(c.templateShown(u, p))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			if got, want := c.TemplateFingerprint(u, p), hex.EncodeToString(sum[:]); got != want {
				t.Errorf("%s unit %s: fingerprint %s, Marshal's %s", name, u, got, want)
			}
		}
	}
}
