package main

import (
	"fmt"
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
}

func newProgress(env *Env, label string, total int) *progress {
	p := &progress{env: env, label: label, total: total}
	if f, ok := env.Stderr.(*os.File); ok {
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
	fmt.Fprintf(p.env.Stderr, "\r%s %s %d/%d", p.label, string(bar), p.count, p.total)
}

func (p *progress) done() {
	if p.tty && p.total >= 20 {
		fmt.Fprintln(p.env.Stderr)
	}
}
