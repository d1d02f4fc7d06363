package main

// Before anything is ingested: the bulletin warns and its 报送情况 says so; the
// interview list applies the same rule to units without data whether or not others
// reported, and states it.

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"tenglong/internal/testtool"
)

func TestBulletinBeforeIngestWarns(t *testing.T) {
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	ws := filepath.Join(t.TempDir(), "huzhou")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	shell(t, ws, "tenglong generate --period 2023Q3")
	code, out := shell(t, ws, "tenglong bulletin --period 2023Q3 -o 通报.pdf")
	if code != 0 || !strings.Contains(out, "警告：2023年第三季度还没有回收到任何单位的报送（6 个单位都未报送）") {
		t.Errorf("exit %d, no warning:\n%s", code, out)
	}
	text := testtool.Run(t, pdftotext, filepath.Join(ws, "通报.pdf"), "-")
	flat := strings.Join(strings.Fields(text), "")
	if !strings.Contains(flat, "按时报送0个，未报送6个") || !strings.Contains(flat, "本期还没有收到任何单位的报送，以上各项均无数据") {
		t.Errorf("报送情况 does not say nothing was received:\n%s", text)
	}
	// Once something is in, no warning and no such sentence.
	unitFiles(t, ws)
	shell(t, ws, "tenglong ingest 批次.zip")
	code, out = shell(t, ws, "tenglong bulletin --period 2023Q3 -o 通报.pdf")
	if code != 0 || strings.Contains(out, "警告") {
		t.Errorf("after ingest: exit %d\n%s", code, out)
	}
	if flat := strings.Join(strings.Fields(testtool.Run(t, pdftotext, filepath.Join(ws, "通报.pdf"), "-")), ""); strings.Contains(flat, "还没有收到任何单位的报送") {
		t.Error("the bulletin still says nothing was received")
	}
}

// A unit that sent nothing is named by the ranking rule with the same reason whether
// the others reported (2 of 6 here) or nobody did; the list states the rule.
func TestInterviewsMissingUnitsOneRule(t *testing.T) {
	const rule = "规则：未报送或被退回、没有可采用数据的单位不参加排名，按名次的约谈规则一律列入（无论其他单位是否报送）。"
	reason := regexp.MustCompile(`(?m)^\s+\d+\s+吴兴区\s+(.*)$`)
	ws := filepath.Join(t.TempDir(), "huzhou")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	_, none := shell(t, ws, "tenglong interviews --period 2023Q3")
	some := huzhouWithReturns(t) // 长兴县 and 安吉县 reported
	_, partly := shell(t, some, "tenglong interviews --period 2023Q3")
	for name, out := range map[string]string{"nobody reported": none, "some reported": partly} {
		if !strings.Contains(out, rule) || strings.Contains(out, "没有单位触发约谈规则") {
			t.Errorf("%s:\n%s", name, out)
		}
	}
	a, b := reason.FindStringSubmatch(none), reason.FindStringSubmatch(partly)
	if a == nil || b == nil || a[1] != b[1] {
		t.Errorf("吴兴区, which sent nothing, is named differently:\n%s\n---\n%s", none, partly)
	}
	if strings.Count(none, "数据，不参加排名") != 6 {
		t.Errorf("with nobody reported, not all 6 units are named:\n%s", none)
	}
}
