package workbook

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tenglong/internal/golden"
	"tenglong/internal/testtool"
	"tenglong/score"
)

// writeInterviewsFile writes an interview list of the test campaign and reopens it.
func writeInterviewsFile(t testing.TB, s *score.Scores, list []score.Interview) (*excelize.File, []byte) {
	t.Helper()
	k := score.Consolidate(loadSummaryCampaign(t), summaryData(), nil)
	var buf bytes.Buffer
	if err := WriteInterviews(&buf, k, s, list); err != nil {
		t.Fatalf("WriteInterviews: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

func TestInterviews(t *testing.T) {
	f, _ := writeInterviewsFile(t, summaryScores(), summaryInterviews())
	const sheet = "约谈名单"
	if got := f.GetSheetList(); strings.Join(got, ",") != sheet {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := f.GetRows(sheet)
	if rows[0][0] != "汇总测试区制造业腾笼换鸟攻坚行动2023年第三季度约谈名单" {
		t.Errorf("title %q", rows[0][0])
	}
	want := []string{
		"序号|单位|约谈事由|具体情况|约谈规则|综合得分|名次",
		"1|沙城街道|综合得分排名末位|第3名/共4个单位，0.00分|综合得分排名末位|0.00|3",
		"2|天河街道|1. 综合得分排名末位\n2. 未按时报送|1. 第3名/共4个单位，0.00分\n2. 截至2023年10月10日未报送|1. 综合得分排名末位\n2. 未报送|0.00|3",
	}
	if len(rows) != 3+len(want)-1 {
		t.Fatalf("%d rows, want title, note, header and 2", len(rows))
	}
	for i, w := range want {
		if got := strings.Join(rows[2+i], "|"); got != w {
			t.Errorf("row %d: %q\nwant %q", 3+i, got, w)
		}
	}
	for _, ref := range []string{"A4", "F4", "G4"} {
		if typ, _ := f.GetCellType(sheet, ref); typ != excelize.CellTypeUnset {
			t.Errorf("%s stored as %v, want a number", ref, typ)
		}
	}
	if h, _ := f.GetRowHeight(sheet, 5); h < 2*bodyLine {
		t.Errorf("row 5 is %.0f pt for two lines", h)
	}
	if titles := f.GetDefinedName(); len(titles) != 1 || titles[0].RefersTo != "'约谈名单'!$3:$3" {
		t.Errorf("print titles %+v", titles)
	}
}

func TestInterviewsEmpty(t *testing.T) {
	f, _ := writeInterviewsFile(t, summaryScores(), nil)
	rows, _ := f.GetRows("约谈名单")
	if len(rows) != 4 || len(rows[3]) < 2 || rows[3][1] != "无" {
		t.Fatalf("rows %q, want the header then a line 无", rows)
	}
	ms, _ := f.GetMergeCells("约谈名单")
	if refs := strings.Join(mergeRefs(ms), " "); !strings.Contains(refs, "B4:G4") {
		t.Errorf("无 not merged across the row: %s", refs)
	}
}

func TestInterviewsWithoutScores(t *testing.T) {
	f, _ := writeInterviewsFile(t, nil, summaryInterviews())
	rows, _ := f.GetRows("约谈名单")
	if got := strings.Join(rows[3], "|"); got != "1|沙城街道|综合得分排名末位|第3名/共4个单位，0.00分|综合得分排名末位" {
		t.Errorf("row 4 %q: want the score columns empty", got)
	}
}

func TestInterviewsDeterministic(t *testing.T) {
	_, a := writeInterviewsFile(t, summaryScores(), summaryInterviews())
	_, b := writeInterviewsFile(t, summaryScores(), summaryInterviews())
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same list differ")
	}
}

func TestInterviewsGolden(t *testing.T) {
	f, _ := writeInterviewsFile(t, summaryScores(), summaryInterviews())
	golden.Check(t, filepath.Join("testdata", "interviews-test.golden"), dumpSummary(t, f))
}

// TestInterviewsReaders: openpyxl sees numbers as numbers and the page set-up;
// LibreOffice prints the list to PDF with its names in it.
func TestInterviewsReaders(t *testing.T) {
	t.Parallel()
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	_, data := writeInterviewsFile(t, summaryScores(), summaryInterviews())
	path := filepath.Join(t.TempDir(), "约谈名单.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := inspectSummary(t, path)
	if len(r.Sheets) != 1 {
		t.Fatalf("openpyxl sees %d sheets", len(r.Sheets))
	}
	s := r.Sheets[0]
	if s.Name != "约谈名单" || s.Orientation != "landscape" || s.PaperSize != 9 || s.TitleRows != "$3:$3" || s.Freeze != "A4" {
		t.Errorf("openpyxl: %s %s paper %d titles %q freeze %q", s.Name, s.Orientation, s.PaperSize, s.TitleRows, s.Freeze)
	}
	for ref, want := range map[string]string{"A4": "1", "F5": "0", "G5": "3"} {
		if c := s.Cells[ref]; c.Type != "n" || c.Value != want {
			t.Errorf("%s: openpyxl sees %+v, want the number %s", ref, c, want)
		}
	}
	pdf := testtool.ConvertWithLibreOffice(t, path, "pdf")
	text := strings.ReplaceAll(testtool.Run(t, pdftotext, "-layout", pdf, "-"), " ", "")
	for _, want := range []string{"约谈名单", "沙城街道", "天河街道", "未按时报送"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}
