package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"tenglong/campaign"
	"tenglong/results"
	"tenglong/score"
)

// checkExt refuses an output name without the extension the file will have.
func checkExt(path, ext string) error {
	if !strings.EqualFold(filepath.Ext(path), ext) {
		return usageErrorf("输出文件“%s”要以 %s 结尾", path, ext)
	}
	return nil
}

// safeWriter stands between a command and the terminal: a returned cell, a file name
// out of a zip or a mail header can carry ESC sequences (recolour, clear the screen,
// retitle the window), BEL, backspaces and carriage returns that overwrite what was
// printed, C1 controls and bidi overrides that reorder text. Each such character is
// written as \uXXXX (and a byte that is not UTF-8 as \xNN), visible and harmless;
// newline and tab pass. \uXXXX is also the JSON escape of the same character, so a
// --json document stays the same document.
type safeWriter struct {
	w       io.Writer
	pending []byte // the start of a character split across writes
	buf     []byte
}

func newSafeWriter(w io.Writer) *safeWriter { return &safeWriter{w: w} }

func (s *safeWriter) Write(p []byte) (int, error) {
	data := p
	if len(s.pending) > 0 {
		data = append(s.pending, p...)
		s.pending = nil
	}
	out := s.buf[:0]
	for i := 0; i < len(data); {
		b := data[i]
		if b >= 0x20 && b < 0x7f || b == '\n' || b == '\t' {
			out = append(out, b)
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(data[i:]) {
				s.pending = append([]byte(nil), data[i:]...)
				break
			}
			out = fmt.Appendf(out, `\x%02x`, b)
			i++
			continue
		}
		if campaign.Unsafe(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	s.buf = out
	if _, err := s.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a character left incomplete at the end of the output, escaped.
func (s *safeWriter) Flush() {
	for _, b := range s.pending {
		fmt.Fprintf(s.w, `\x%02x`, b)
	}
	s.pending = nil
}

// printToEnter ends a command's output with results.ToEnterLine, when there is one.
func printToEnter(env *Env, k *score.Consolidation) {
	if line := results.ToEnterLine(k); line != "" {
		fmt.Fprintln(env.Stdout, line)
	}
}

// unitName is a unit's (or the total's) name, as the results documents write it.
func unitName(c *campaign.Campaign, code string) string { return results.UnitName(c, code) }
