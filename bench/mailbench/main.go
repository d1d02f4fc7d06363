// Command mailbench is the mail loop's benchmark (issue 13), run by bench/mail.sh and
// `make bench`: against real Postfix and Dovecot started on 127.0.0.1
// (internal/mailserver; as root or an ordinary user, see docs/testing.md) it
//   - writes a generated campaign of BENCH_UNITS units (1,300) whose mail: block
//     points at the servers, and runs `tenglong generate`;
//   - times `tenglong send`: every unit's template over SMTP, each message recorded
//     before and after its DATA; then waits for Postfix to deliver them all;
//   - fills every template (internal/corpus/fill) and sends each back as a township's
//     reply over one SMTP connection (not timed: the townships' side);
//   - times `tenglong fetch`: every message in the mailbox over IMAP (the office's own
//     templates, skipped, and the returns, ingested), each stored raw first;
//   - checks that status shows every unit accepted, and prints the numbers.
//
// Usage: go run ./bench/mailbench -tenglong PATH [-units N] [-keep]
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/internal/corpus/fill"
	"tenglong/internal/mailserver"
	"tenglong/mail"
)

func main() {
	bin := flag.String("tenglong", "", "the tenglong binary")
	units := flag.Int("units", 1300, "units, templates sent and returns fetched")
	keep := flag.Bool("keep", false, "keep the work directory")
	flag.Parse()
	if err := run(*bin, *units, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "mailbench:", err)
		os.Exit(1)
	}
}

func run(bin string, units int, keep bool) error {
	work, err := os.MkdirTemp("", "tenglong-mailbench-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Println("work directory:", work)
	} else {
		defer os.RemoveAll(work)
	}
	srv, err := mailserver.StartIn(filepath.Join(work, "servers"))
	if err != nil {
		return err
	}
	defer srv.Stop()

	yaml := corpus.Campaign(corpus.Size{Units: units, Indicators: 20})
	c, probs := campaign.LoadAndCheck(yaml)
	if probs.HasErrors() {
		return fmt.Errorf("campaign: %v", probs.Errors())
	}
	ws := filepath.Join(work, "office")
	if err := os.MkdirAll(ws, 0o755); err != nil {
		return err
	}
	yaml = append(yaml, fmt.Sprintf(`
mail:
  host: 127.0.0.1
  port: %d
  tls: none
  username: %s
  from: 办公室 <office@example.cn>
  rate: 100000
  imap-port: %d
  imap-tls: none
`, srv.SMTPPort, srv.User, srv.IMAPPort)...)
	if err := os.WriteFile(filepath.Join(ws, "campaign.yaml"), yaml, 0o644); err != nil {
		return err
	}
	env := append(os.Environ(), "TENGLONG_MAIL_PASSWORD="+srv.Password)
	tl := func(args ...string) (time.Duration, string, error) {
		cmd := exec.Command(bin, append([]string{"-w", ws}, args...)...)
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		err := cmd.Run()
		return time.Since(start), out.String(), err
	}
	if _, out, err := tl("generate", "--period", "2022Q3"); err != nil {
		return fmt.Errorf("generate: %v\n%s", err, tail(out))
	}

	sendTime, out, err := tl("send", "--period", "2022Q3")
	if err != nil {
		return fmt.Errorf("send: %v\n%s", err, tail(out))
	}
	start := time.Now()
	if got := srv.WaitMessages(units, 10*time.Minute); len(got) < units {
		return fmt.Errorf("Postfix delivered %d of %d templates", len(got), units)
	}
	deliverTime := sendTime + time.Since(start)

	// The townships' side: one filled return each, sent back as a reply.
	dir := filepath.Join(ws, "填报模板", "2022Q3")
	manifest, err := readManifest(dir)
	if err != nil {
		return err
	}
	sender, err := mail.Dial(context.Background(), mail.Server{Host: "127.0.0.1", Port: srv.SMTPPort, TLS: "none", Username: srv.User, Password: srv.Password})
	if err != nil {
		return err
	}
	for code, file := range manifest {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			return err
		}
		filled, err := fill.Return(c, data)
		if err != nil {
			return err
		}
		d := mail.Draft{From: code + "@example.cn", To: "office@example.cn", Subject: "回复：" + file, Body: "报表见附件。",
			Date: time.Now(), Outgoing: true, Attachment: mail.Attachment{Name: file, Data: filled}}
		if err := sender.Send(code+"@example.cn", []string{"office@example.cn"}, d.Bytes()); err != nil {
			return fmt.Errorf("reply of %s: %v", code, err)
		}
	}
	sender.Close()
	if got := srv.WaitMessages(2*units, 10*time.Minute); len(got) < 2*units {
		return fmt.Errorf("Postfix delivered %d of %d messages", len(got), 2*units)
	}

	fetchTime, out, err := tl("fetch")
	if err != nil {
		return fmt.Errorf("fetch: %v\n%s", err, tail(out))
	}
	if !strings.Contains(out, fmt.Sprintf("收取新邮件 %d 封，其中报送文件 %d 个", 2*units, units)) {
		return fmt.Errorf("fetch did not take every message:\n%s", tail(out))
	}
	_, status, err := tl("status", "--period", "2022Q3", "--json")
	if err != nil {
		return fmt.Errorf("status: %v\n%s", err, tail(status))
	}
	if n := strings.Count(status, `"state": "accepted"`); n != units {
		return fmt.Errorf("status shows %d of %d units accepted", n, units)
	}

	fmt.Printf("\nmail loop, %d units, Postfix + Dovecot on 127.0.0.1 (no TLS), %d CPUs\n", units, numCPU())
	fmt.Printf("  %-44s %8.1f s  %7.1f messages/s\n", "send (SMTP, each recorded before and after)", sendTime.Seconds(), float64(units)/sendTime.Seconds())
	fmt.Printf("  %-44s %8.1f s  %7.1f messages/s\n", "send until Postfix delivered all", deliverTime.Seconds(), float64(units)/deliverTime.Seconds())
	fmt.Printf("  %-44s %8.1f s  %7.1f messages/s  (%d returns ingested: %.1f/s)\n", fmt.Sprintf("fetch (IMAP, %d messages)", 2*units),
		fetchTime.Seconds(), float64(2*units)/fetchTime.Seconds(), units, float64(units)/fetchTime.Seconds())
	fmt.Printf("  status: all %d units accepted\n", units)
	return nil
}

func readManifest(dir string) (map[string]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		return nil, err
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range records[1:] {
		out[r[0]] = r[4]
	}
	return out, nil
}

func tail(s string) string {
	if len(s) > 3000 {
		return s[len(s)-3000:]
	}
	return s
}

func numCPU() int {
	out, err := exec.Command("nproc").Output()
	if err != nil {
		return 0
	}
	var n int
	fmt.Sscan(string(out), &n)
	return n
}
