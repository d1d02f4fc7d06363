package workbook

import (
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/seeds"
)

// writeTemplateExcelize writes a template through excelize, as WriteTemplate did
// before stampFile: the reference stampFile is held to.
func writeTemplateExcelize(in TemplateInput) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := newTemplateWriter(in, f).write(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// stampCases are template inputs covering what templates hold: every seed campaign
// (qualitative and worded targets, bases, milestones, derived rates, tasks, lists
// with preset rows, long dropdowns), every unit, first and last period, with and
// without a signing key and previous values, and the generated province campaign.
func stampCases(t *testing.T) []TemplateInput {
	t.Helper()
	var out []TemplateInput
	add := func(c *campaign.Campaign, units int) {
		periods := c.Span.Periods(c.Cadence)
		if len(periods) == 0 {
			t.Fatalf("%s: no periods", c.ID)
		}
		pick := []campaign.Period{periods[0]}
		if len(periods) > 1 {
			pick = append(pick, periods[len(periods)-1])
		}
		for pi, p := range pick {
			for ui, u := range c.Units {
				if ui >= units {
					break
				}
				in := TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(c.Deadline),
					Generated: generated, Password: c.ID}
				if (ui+pi)%2 == 0 {
					in.SigningKey = []byte("workspace key")
				}
				if ui%3 == 1 {
					in.Previous = map[string]decimal.Decimal{}
					for i, ind := range c.Indicators {
						in.Previous[ind.ID] = decimal.New(int64(1234567+i*7919), -int32(i%4))
					}
				}
				out = append(out, in)
			}
		}
	}
	for _, id := range seeds.IDs() {
		data, _ := seeds.Get(id)
		c, probs := campaign.Load(data)
		if probs.HasErrors() {
			t.Fatalf("seed %s: %v", id, probs.Errors()[0])
		}
		add(c, 1000)
	}
	c, probs := campaign.LoadAndCheck(corpus.Campaign(corpus.Size{Units: 6, Indicators: 40, Lists: 2, ListRows: 12, TasksPerUnit: 5}))
	if probs.HasErrors() {
		t.Fatalf("generated campaign: %v", probs.Errors()[0])
	}
	add(c, 6)
	return out
}

// TestStampMatchesExcelize holds the template writer to excelize's output: every
// part of every template (each worksheet, shared strings, styles, workbook,
// relationships, content types, properties, theme) byte for byte, so cells, styles,
// validation, protection, formulas, print setup and the signature are all the same.
func TestStampMatchesExcelize(t *testing.T) {
	cases := stampCases(t)
	stamped := make([][]byte, len(cases)) // as generate writes them: tasks indexed, two workers
	if err := RenderTemplates(cases, 2, func(i int, data []byte, err error) error {
		stamped[i] = data
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for i, in := range cases {
		name := fmt.Sprintf("%s/%s/%s", in.Campaign.ID, in.Unit.Code, in.Period)
		want, err := writeTemplateExcelize(in)
		if err != nil {
			t.Fatalf("%s: excelize: %v", name, err)
		}
		got := stamped[i]
		wantParts, err := zipParts(want)
		if err != nil {
			t.Fatal(err)
		}
		gotParts, err := zipParts(got)
		if err != nil {
			t.Fatal(err)
		}
		if diff := partsDiff(wantParts, gotParts); diff != "" {
			t.Fatalf("%s: the stamped template differs from excelize's:\n%s", name, diff)
		}
	}
	t.Logf("%d templates compared part by part", len(cases))
	if len(cases) < 50 {
		t.Fatalf("only %d templates compared", len(cases))
	}
}

// partsDiff names the parts that differ and where.
func partsDiff(want, got map[string][]byte) string {
	var names []string
	for n := range want {
		names = append(names, n)
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		w, okw := want[n]
		g, okg := got[n]
		switch {
		case !okw:
			fmt.Fprintf(&b, "%s: extra part\n", n)
		case !okg:
			fmt.Fprintf(&b, "%s: missing part\n", n)
		case !bytes.Equal(w, g):
			i := 0
			for i < len(w) && i < len(g) && w[i] == g[i] {
				i++
			}
			from := max(i-200, 0)
			fmt.Fprintf(&b, "%s: differs at byte %d\n  excelize: …%s\n  stamp:    …%s\n", n, i,
				w[from:min(i+200, len(w))], g[from:min(i+200, len(g))])
		}
	}
	return b.String()
}

// TestStampFailsLoudly: an option templates never use is an error, not different
// output.
func TestStampFailsLoudly(t *testing.T) {
	f := newStampFile()
	if err := f.ProtectSheet("Sheet1", &excelize.SheetProtectionOptions{AlgorithmName: "SHA-512", Password: "x"}); err == nil {
		t.Error("SHA-512 sheet protection accepted")
	}
	if err := f.SetPanes("Sheet1", &excelize.Panes{Split: true}); err == nil {
		t.Error("split panes accepted")
	}
	if err := f.SetCellStr("没有", "A1", "x"); err == nil {
		t.Error("a cell on a missing sheet accepted")
	}
}

// TestAppendEscaped: stampFile's escaper writes what encoding/xml's EscapeText
// writes (excelize escapes through it), for markup characters, line breaks,
// characters XML forbids and broken UTF-8.
func TestAppendEscaped(t *testing.T) {
	for _, s := range []string{
		"", "plain", `a"b'c&d<e>f`, "行一\n行二\r\n\t缩进", "\x00\x01\x1f控制", "\xff\xfe坏", "\uFFFD", "\uFFFE\uFFFF",
		"😀 emoji", "\xed\xa0\x80 surrogate", "尾&", "&amp; already",
	} {
		var want bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got := appendEscaped([]byte("prefix"), s); string(got) != "prefix"+want.String() {
			t.Errorf("%q: escaped %q, encoding/xml %q", s, got[len("prefix"):], want.String())
		}
		w := &xmlw{}
		w.text(s)
		if string(w.b) != want.String() {
			t.Errorf("%q: text wrote %q, encoding/xml %q", s, w.b, want.String())
		}
	}
}

// TestColumnNames: the column names stampFile writes cells with are excelize's.
func TestColumnNames(t *testing.T) {
	for i, got := range columnNames {
		if want, _ := excelize.ColumnNumberToName(i + 1); got != want {
			t.Errorf("column %d: %q, excelize %q", i+1, got, want)
		}
	}
	for _, col := range []int{1, 26, 27, 104, 105, 702, 703, 16384} {
		want, _ := excelize.CoordinatesToCellName(col, 1048576)
		if got := string(appendCellName(nil, col, 1048576)); got != want {
			t.Errorf("column %d: %q, excelize %q", col, got, want)
		}
	}
}

// TestOwnPartReuse: a part the same as the previous template's twice in a row is
// compressed no more; changing the buffer it came from (buffers are used again)
// changes nothing kept; a different part is compressed anew.
func TestOwnPartReuse(t *testing.T) {
	const name = "xl/worksheets/test-reuse.xml"
	inflate := func(r *rawPart) string {
		t.Helper()
		b, err := io.ReadAll(flate.NewReader(bytes.NewReader(r.compressed)))
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != r.size || crc32.ChecksumIEEE(b) != r.crc {
			t.Fatalf("size %d crc %x for %d bytes", r.size, r.crc, len(b))
		}
		return string(b)
	}
	buf := []byte(strings.Repeat("<row>same</row>", 100))
	var got []*rawPart
	for range 4 {
		r, err := ownPart(name, buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if got[2] != got[1] || got[3] != got[1] || got[1] == got[0] {
		t.Errorf("the same part was compressed again: %p %p %p %p", got[0], got[1], got[2], got[3])
	}
	want := string(buf)
	copy(buf, "<row>diff</row>") // the buffer is used for the next template
	if inflate(got[3]) != want {
		t.Error("the kept part changed with the buffer it came from")
	}
	r, err := ownPart(name, buf)
	if err != nil {
		t.Fatal(err)
	}
	if r == got[3] || inflate(r) != string(buf) {
		t.Error("a changed part was given the previous part's bytes")
	}
}
