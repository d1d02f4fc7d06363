package main

import (
	"fmt"
	"io"
	"os"
)

// progress draws a one-line progress bar on stderr when stderr is a terminal; in
// tests, pipes and CI it stays silent so outputs are deterministic.
type progress struct {
	env   *Env
	label string
	total int
	count int
	tty   bool
	out   io.Writer
}

func newProgress(env *Env, label string, total int) *progress {
	p := &progress{env: env, label: label, total: total, out: env.Stderr}
	if sw, ok := env.Stderr.(*safeWriter); ok {
		p.out = sw.w // the bar's own carriage returns must reach the terminal
	}
	if f, ok := p.out.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) step() {
	p.count++
	if !p.tty || p.total < 20 {
		return
	}
	const width = 30
	filled := p.count * width / p.total
	bar := make([]rune, width)
	for i := range bar {
		bar[i] = '░'
		if i < filled {
			bar[i] = '█'
		}
	}
	fmt.Fprintf(p.out, "\r%s %s %d/%d", p.label, string(bar), p.count, p.total)
}

func (p *progress) done() {
	if p.tty && p.total >= 20 {
		fmt.Fprintln(p.out)
	}
}
