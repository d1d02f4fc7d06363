package campaign

import (
	"strings"
	"testing"
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
