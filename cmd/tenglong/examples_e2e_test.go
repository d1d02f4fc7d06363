package main

// Every example a user can copy — the README's code blocks and the Example of every
// command's --help — runs, as a shell runs it, on the built binary, in a workspace of
// the seed it names (huzhou-2023 unless the block's init line or an example's
// "# 在用 --seed X 建的工作目录里" comment says otherwise), with the files it names
// (回收/, 收件箱/*.eml, 批次.zip, 03-德清县-2023Q3.xlsx …) prepared as a unit would send
// them.

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/internal/corpus/fill"
)

// exampleClock is inside huzhou's 2023Q3 reporting window.
const exampleClock = "2023-10-08T10:00:00+08:00"

var seedComment = regexp.MustCompile(`--seed ([a-z0-9-]+)`)

// example is one line a user could type, with the seed of the workspace it expects.
type example struct {
	source, seed, line string
}

// readmeBlocks are the README's sh blocks: each a sequence run in one shell session
// (cd carries over); its seed is the one its init line names.
func readmeBlocks(t *testing.T) [][]example {
	t.Helper()
	text := readText(t, "../../README.md")
	var blocks [][]example
	for _, m := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(text, -1) {
		seed := "huzhou-2023"
		if s := seedComment.FindStringSubmatch(m[1]); s != nil {
			seed = s[1]
		}
		var block []example
		for _, line := range strings.Split(m[1], "\n") {
			if strings.HasPrefix(line, "tenglong ") || strings.HasPrefix(line, "cd ") {
				block = append(block, example{"README.md", seed, line})
			}
		}
		if len(block) > 0 {
			blocks = append(blocks, block)
		}
	}
	return blocks
}

// helpExamples are the example lines of every command's --help.
func helpExamples(t *testing.T) []example {
	env, _, _ := testEnv()
	var out []example
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		seed := "huzhou-2023"
		for _, line := range strings.Split(c.Example, "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "#") {
				if s := seedComment.FindStringSubmatch(line); s != nil {
					seed = s[1]
				}
				continue
			}
			if strings.Contains(line, "tenglong ") {
				out = append(out, example{"tenglong " + c.CommandPath() + " --help", seed, line})
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewRootCmd(env))
	return out
}

// shell runs one example line in dir with the built binary first on PATH, at the
// example clock.
func shell(t *testing.T, dir, line string) (int, string) {
	t.Helper()
	return shellAt(t, dir, exampleClock, line)
}

// unitFiles writes what the units send back, as the README's ingest line names it:
// filled templates in 回收/, one in a mail in 收件箱/, two in 批次.zip; and, for the
// validate examples, 03-德清县-2023Q3.xlsx and the mail 回复：德清县三季度报表.eml.
func unitFiles(t *testing.T, ws string) {
	t.Helper()
	c, probs := campaign.LoadAndCheck([]byte(readFile(t, filepath.Join(ws, campaignFile))))
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	templates := readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))
	filled := func(unit string) []byte {
		data, err := fill.Return(c, readBytes(t, templates[unit]))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	writeBytes(t, filepath.Join(ws, "回收", "01-吴兴区-2023Q3.xlsx"), filled("wuxing"))
	writeBytes(t, filepath.Join(ws, "回收", "02-南浔区-2023Q3.xlsx"), filled("nanxun"))
	writeBytes(t, filepath.Join(ws, "收件箱", "德清县.eml"), exampleMail(filled("deqing")))
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for _, u := range []string{"changxing", "anji"} {
		w, err := zw.Create(filepath.Base(templates[u]))
		if err != nil {
			t.Fatal(err)
		}
		w.Write(filled(u))
	}
	zw.Close()
	writeBytes(t, filepath.Join(ws, "批次.zip"), zbuf.Bytes())
	writeBytes(t, filepath.Join(ws, "03-德清县-2023Q3.xlsx"), filled("deqing"))
	writeBytes(t, filepath.Join(ws, "回复：德清县三季度报表.eml"), exampleMail(filled("deqing")))
}

// exampleMail is a unit's reply with the filled template attached.
func exampleMail(xlsx []byte) []byte {
	var b strings.Builder
	b.WriteString("From: deqing@example.cn\r\nTo: office@example.cn\r\nSubject: =?UTF-8?B?" +
		base64.StdEncoding.EncodeToString([]byte("德清县三季度报表")) + "?=\r\n" +
		"Date: Sun, 08 Oct 2023 09:00:00 +0800\r\nMessage-ID: <deqing-2023q3@example.cn>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"见附件。\r\n--b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n" +
		"Content-Disposition: attachment; filename=\"03-deqing-2023Q3.xlsx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString(xlsx)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n--b1--\r\n")
	return []byte(b.String())
}

// needsElsewhere says why an example cannot succeed on a test machine — a Windows
// path, a mail server — or "" when it must succeed here.
func needsElsewhere(line string) string {
	switch {
	case strings.Contains(line, `:\`):
		return "a Windows path"
	case regexp.MustCompile(`tenglong (send|remind|fetch)\b`).MatchString(line):
		return "the office's mail: settings and server"
	case strings.Contains(line, "--from-template ") || strings.Contains(line, "upward --period"):
		return "the template the city sent"
	case strings.Contains(line, "--propose "):
		return "the office's own table of last year's figures"
	case strings.Contains(line, "--drill "):
		return "a county's return made with tenglong upward"
	case strings.Contains(line, "tenglong confirm "):
		// The number is that of a file held in the office's own store.
		return "a held file of the office's store"
	}
	return ""
}

func TestReadmeCycleRuns(t *testing.T) {
	blocks := readmeBlocks(t)
	if len(blocks) < 2 {
		t.Fatalf("README.md has %d runnable blocks", len(blocks))
	}
	var cycle string
	for _, block := range blocks {
		dir := t.TempDir()
		for _, ex := range block {
			if strings.HasPrefix(ex.line, "cd ") {
				dir = filepath.Join(dir, strings.Fields(ex.line)[1])
				continue
			}
			if strings.HasPrefix(ex.line, "tenglong ingest") {
				unitFiles(t, dir)
			}
			code, out := shell(t, dir, ex.line)
			if code != 0 {
				t.Errorf("README.md (seed %s): %s\nexit %d\n%s", ex.seed, ex.line, code, out)
			}
			if strings.Contains(ex.line, "consolidate") || strings.Contains(ex.line, "bulletin") {
				cycle += out
			}
		}
	}
	// After the cycle as written, the one line naming what is still to be entered
	// names the remaining office totals and the command, never the ones just entered.
	left := regexp.MustCompile(`(?m)^还待办公室录入.*$`).FindAllString(cycle, -1)
	if len(left) != 2 || !strings.Contains(left[0], "tenglong totals set --period 2023Q3 --indicator") {
		t.Errorf("consolidate and bulletin do not each end with what is left to enter:\n%s", cycle)
	}
	for _, l := range left {
		if strings.Contains(l, "规上工业增加值增长、") || strings.Contains(l, "单位GDP能耗下降率") || !strings.Contains(l, "9 项指标") {
			t.Errorf("not the 9 totals still to enter: %s", l)
		}
	}
}

func TestHelpExamplesRun(t *testing.T) {
	examples := helpExamples(t)
	if len(examples) < 20 {
		t.Fatalf("only %d help examples found", len(examples))
	}
	workspaces := map[string]string{}
	workspace := func(seed string) string {
		if ws, ok := workspaces[seed]; ok {
			return ws
		}
		ws := filepath.Join(t.TempDir(), seed)
		runOK(t, "init", ws, "--seed", seed)
		if seed == "huzhou-2023" {
			ws = huzhouWithReturns(t)
		}
		workspaces[seed] = ws
		return ws
	}
	for _, ex := range examples {
		ws := workspace(ex.seed)
		dir := ws
		if strings.Contains(ex.line, "tenglong init ") {
			dir = t.TempDir()
		} else if strings.Contains(ex.line, "-w ./") {
			dir = filepath.Dir(ws)
		}
		code, out := shell(t, dir, ex.line)
		why := needsElsewhere(ex.line)
		switch {
		case why == "" && code != 0:
			t.Errorf("%s (seed %s): %s\nexit %d\n%s", ex.source, ex.seed, ex.line, code, out)
		case why != "" && (code == 0 || !strings.Contains(out, "请")):
			// It must still say in Chinese what is missing and what to do.
			t.Errorf("%s: %s (needs %s): exit %d, want a failure that says what to do\n%s", ex.source, ex.line, why, code, out)
		}
	}
	fmt.Fprintf(os.Stderr, "ran %d help examples\n", len(examples))
}

// huzhouWithReturns is a huzhou-2023 workspace named huzhou with the 2023Q3 templates
// generated, the units' files of unitFiles beside them and 批次.zip (长兴县, 安吉县)
// ingested.
func huzhouWithReturns(t *testing.T) string {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "huzhou")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	if code, out := shell(t, ws, "tenglong generate --period 2023Q3"); code != 0 {
		t.Fatal(out)
	}
	unitFiles(t, ws)
	if code, out := shell(t, ws, "tenglong ingest 批次.zip"); code != 0 {
		t.Fatal(out)
	}
	return ws
}
