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

// One rule for units that sent nothing, stated in the list either way: a ranking rule
// lists them when there is a ranking (2 of 6 reported), and nobody when there is none
// (nothing ingested); the units without data are named in both.
func TestInterviewsMissingUnitsOneRule(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "huzhou")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	_, none := shell(t, ws, "tenglong interviews --period 2023Q3")
	for _, want := range []string{"规则：本期没有排名，按名次的约谈规则不列入任何单位，没有可采用数据的单位也不列入（有排名时才列入）。",
		"没有可采用数据的单位 6 个：吴兴区、南浔区、德清县、长兴县、安吉县、南太湖新区。", "本期没有单位触发约谈规则。"} {
		if !strings.Contains(none, want) {
			t.Errorf("nothing ingested: missing %q in\n%s", want, none)
		}
	}
	some := huzhouWithReturns(t) // 长兴县 and 安吉县 reported
	_, partly := shell(t, some, "tenglong interviews --period 2023Q3")
	for _, want := range []string{"规则：未报送或被退回、没有可采用数据的单位不参加排名，按名次的约谈规则把它们列入。",
		"没有可采用数据的单位 4 个：吴兴区、南浔区、德清县、南太湖新区。"} {
		if !strings.Contains(partly, want) {
			t.Errorf("2 of 6 reported: missing %q in\n%s", want, partly)
		}
	}
	if !regexp.MustCompile(`(?m)^\s+\d+\s+吴兴区\s+培育推进慢的区县\s+未在.*不参加排名`).MatchString(partly) {
		t.Errorf("吴兴区, which sent nothing, is not listed when there is a ranking:\n%s", partly)
	}
}
