package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/internal/golden"
	"tenglong/seeds"
)

func loadSeed(t testing.TB, id string) *campaign.Campaign {
	t.Helper()
	data, ok := seeds.Get(id)
	if !ok {
		t.Fatalf("no seed %s", id)
	}
	c, probs := campaign.Load(data)
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatalf("seed %s: %v", id, errs)
	}
	return c
}

// writeBreakdown writes a seed's breakdown table and reopens it, as a reader would.
func writeBreakdown(t testing.TB, id string, years ...int) (*excelize.File, []byte, BreakdownSummary) {
	t.Helper()
	var buf bytes.Buffer
	sum, err := WriteBreakdown(&buf, loadSeed(t, id), years)
	if err != nil {
		t.Fatalf("WriteBreakdown(%s): %v", id, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("reopen %s: %v", id, err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes(), sum
}

// findRow is the row whose column B starts with name.
func findRow(t testing.TB, f *excelize.File, sheet, name string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 1 && strings.HasPrefix(r[1], name) {
			return i + 1
		}
	}
	t.Fatalf("%s: no row %q", sheet, name)
	return 0
}

// header maps the header row's titles to column numbers.
func header(t testing.TB, f *excelize.File, sheet string) map[string]int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) < headerRow {
		t.Fatalf("%s: %v", sheet, err)
	}
	cols := map[string]int{}
	for j, h := range rows[headerRow-1] {
		cols[h] = j + 1
	}
	return cols
}

func raw(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func numFmt(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return ""
}

func TestBreakdownHuzhou(t *testing.T) {
	f, _, sum := writeBreakdown(t, "huzhou-2023")
	if got := f.GetSheetList(); strings.Join(got, ",") != "任务分解表" {
		t.Fatalf("sheets = %v, want [任务分解表]", got)
	}
	if len(sum.Sheets) != 1 || sum.Sheets[0] != (BreakdownSheet{Name: "任务分解表", Year: 2023, Rows: 16, Units: 6, Total: true}) {
		t.Errorf("summary = %+v", sum.Sheets)
	}
	const sheet = "任务分解表"
	title, _ := f.GetCellValue(sheet, "A1")
	if !strings.Contains(strings.ReplaceAll(title, "\n", ""), "攻坚行动主要指标任务分解表（2023年）") {
		t.Errorf("title %q", title)
	}
	if note, _ := f.GetCellValue(sheet, "A2"); !strings.HasPrefix(note, "出处：湖政办发〔2023〕22号") {
		t.Errorf("note %q", note)
	}
	wantHeader := []string{"序号", "指标", "计量单位", "吴兴区", "南浔区", "德清县", "长兴县", "安吉县", "南太湖新区", "全市", "责任部门"}
	rows, _ := f.GetRows(sheet)
	if got := rows[headerRow-1]; strings.Join(got, ",") != strings.Join(wantHeader, ",") {
		t.Fatalf("header = %v\nwant %v", got, wantHeader)
	}
	if len(rows) != headerRow+16 {
		t.Errorf("%d rows, want title, note, header and 16 indicators", len(rows))
	}
	col := header(t, f, sheet)

	tests := []struct {
		name   string
		unit   string
		raw    string // the stored value
		shown  string // what the reader sees
		format string // number format; "" for text
		typ    excelize.CellType
	}{
		{"高耗低效整治腾出能耗空间", "吴兴区", "4", "4", "0", excelize.CellTypeUnset},
		{"高耗低效整治腾出能耗空间", "南浔区", "3.5", "3.5", "0.0", excelize.CellTypeUnset},
		{"高耗低效整治腾出能耗空间", "德清县", "2", "2", "0", excelize.CellTypeUnset},
		{"高耗低效整治腾出能耗空间", "长兴县", "3.5", "3.5", "0.0", excelize.CellTypeUnset},
		{"高耗低效整治腾出能耗空间", "安吉县", "2", "2", "0", excelize.CellTypeUnset},
		{"高耗低效整治腾出能耗空间", "南太湖新区", "0.1", "0.1", "0.0", excelize.CellTypeUnset},
		{"高耗低效整治腾出能耗空间", "全市", "15", "15", "0", excelize.CellTypeUnset},
		{"高耗低效整治腾出能耗空间", "计量单位", "万吨标煤", "万吨标煤", "", excelize.CellTypeSharedString},
		{"高耗低效整治腾出能耗空间", "责任部门", "市经信局", "市经信局", "", excelize.CellTypeSharedString},
		{"高耗低效整治腾出能耗空间", "序号", "15", "15", "0", excelize.CellTypeUnset},
		{"单位GDP能耗下降率", "吴兴区", "4.5", "4.5（含南太湖新区）", `0.0"（含南太湖新区）"`, excelize.CellTypeUnset},
		{"单位GDP能耗下降率", "南浔区", "4.8", "4.8", "0.0", excelize.CellTypeUnset},
		{"单位GDP能耗下降率", "南太湖新区", "/", "/", "", excelize.CellTypeSharedString},
		{"单位GDP能耗下降率", "全市", "完成省定目标", "完成省定目标", "", excelize.CellTypeSharedString},
		{"单位GDP能耗下降率", "责任部门", "市发展改革委", "市发展改革委", "", excelize.CellTypeSharedString},
		{"每万人口高价值发明专利拥有量", "安吉县", "11.32", "11.32", "0.00", excelize.CellTypeUnset},
		{"规上工业亩均增加值", "全市", "197", "197", "0", excelize.CellTypeUnset},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.unit, func(t *testing.T) {
			ref := cell(col[tt.unit], findRow(t, f, sheet, tt.name))
			if got := raw(t, f, sheet, ref); got != tt.raw {
				t.Errorf("%s value %q, want %q", ref, got, tt.raw)
			}
			if got, _ := f.GetCellValue(sheet, ref); got != tt.shown {
				t.Errorf("%s shows %q, want %q", ref, got, tt.shown)
			}
			if got := numFmt(t, f, sheet, ref); got != tt.format {
				t.Errorf("%s format %q, want %q", ref, got, tt.format)
			}
			if typ, _ := f.GetCellType(sheet, ref); typ != tt.typ {
				t.Errorf("%s type %v, want %v", ref, typ, tt.typ)
			}
		})
	}

	// “浙江制造”标准: one merged cell across the six units and 全市.
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"“浙江制造”标准", "“品字标浙江制造”认证企业"} {
		r := findRow(t, f, sheet, name)
		want := cell(col["吴兴区"], r) + ":" + cell(col["全市"], r)
		found := false
		for _, m := range merges {
			if m.GetStartAxis()+":"+m.GetEndAxis() == want {
				found = true
				if m.GetCellValue() != "待省下达任务指标后再分解" {
					t.Errorf("%s merge holds %q", name, m.GetCellValue())
				}
			}
		}
		if !found {
			t.Errorf("%s: no merged cell %s among %v", name, want, mergeRefs(merges))
		}
	}
}

func mergeRefs(ms []excelize.MergeCell) []string {
	var refs []string
	for _, m := range ms {
		refs = append(refs, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	return refs
}

func TestBreakdownSheets(t *testing.T) {
	tests := []struct {
		seed   string
		years  []int
		sheets []BreakdownSheet
	}{
		{"huzhou-2023", nil, []BreakdownSheet{{Name: "任务分解表", Year: 2023, Rows: 16, Units: 6, Total: true}}},
		{"lucheng-2021", nil, []BreakdownSheet{
			{Name: "2021年任务分解表", Year: 2021, Rows: 12, Total: true},
			{Name: "2023年任务分解表", Year: 2023, Rows: 12, Total: true},
			{Name: "任务清单", Rows: 24},
		}},
		{"lucheng-2021", []int{2023}, []BreakdownSheet{
			{Name: "2023年任务分解表", Year: 2023, Rows: 12, Total: true},
			{Name: "任务清单", Rows: 24},
		}},
		{"shengzhou-2022", nil, []BreakdownSheet{
			{Name: "2022年任务分解表", Year: 2022, Rows: 17, Total: true},
			{Name: "2023年任务分解表", Year: 2023, Rows: 17, Total: true},
			{Name: "对标", Rows: 17, Columns: 5}, // 2022年目标(当年) of the indicators counted from a base
			{Name: "任务清单", Rows: 34},
		}},
		{"wzetdz-2015", nil, []BreakdownSheet{{Name: "任务分解表", Year: 2015, Rows: 15, Units: 4, Total: true}}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.seed, tt.years), func(t *testing.T) {
			f, _, sum := writeBreakdown(t, tt.seed, tt.years...)
			if fmt.Sprint(sum.Sheets) != fmt.Sprint(tt.sheets) {
				t.Errorf("summary\n got %+v\nwant %+v", sum.Sheets, tt.sheets)
			}
			var names []string
			for _, s := range tt.sheets {
				names = append(names, s.Name)
			}
			if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(names, ",") {
				t.Errorf("sheets %v, want %v", got, names)
			}
		})
	}
}

func TestBreakdownNoTargets(t *testing.T) {
	c := loadSeed(t, "huzhou-2023")
	var buf bytes.Buffer
	if _, err := WriteBreakdown(&buf, c, []int{2022}); !errors.Is(err, ErrNoTargets) {
		t.Errorf("year 2022: err = %v, want ErrNoTargets", err)
	}
	c.Indicators = nil
	if _, err := WriteBreakdown(&buf, c, nil); !errors.Is(err, ErrNoTargets) {
		t.Errorf("no indicators: err = %v, want ErrNoTargets", err)
	}
}

func TestBreakdownLuchengYears(t *testing.T) {
	f, _, _ := writeBreakdown(t, "lucheng-2021")
	tests := []struct {
		sheet, name, shown string
	}{
		{"2021年任务分解表", "规上工业亩均税收", "47"},
		{"2023年任务分解表", "规上工业亩均税收", "51"},
		{"2021年任务分解表", "整治提升高耗低效企业", "130以上"},
		{"2023年任务分解表", "整治提升高耗低效企业（2021—2023年累计）", "300以上"},
		// A cumulative target of a later year applies in 2021 too, and says so.
		{"2021年任务分解表", "单位工业增加值能耗下降（2021—2023年累计）", "9以上"},
		{"2023年任务分解表", "工业投资在固定资产投资中占比", "稳中有升"},
	}
	for _, tt := range tests {
		col := header(t, f, tt.sheet)["全区"]
		r := findRow(t, f, tt.sheet, tt.name)
		if name, _ := f.GetCellValue(tt.sheet, cell(2, r)); name != tt.name {
			t.Errorf("%s: indicator %q, want %q", tt.sheet, name, tt.name)
		}
		if got, _ := f.GetCellValue(tt.sheet, cell(col, r)); got != tt.shown {
			t.Errorf("%s %s: %q, want %q", tt.sheet, tt.name, got, tt.shown)
		}
	}
	// No unit of lucheng has a target of its own: only 全区, and no empty 责任部门 column.
	for _, sheet := range []string{"2021年任务分解表", "2023年任务分解表"} {
		rows, _ := f.GetRows(sheet)
		if got := strings.Join(rows[headerRow-1], ","); got != "序号,指标,计量单位,全区" {
			t.Errorf("%s header %s", sheet, got)
		}
	}
}

func TestBreakdownShengzhouBenchmarksAndTasks(t *testing.T) {
	c := loadSeed(t, "shengzhou-2022")
	f, _, _ := writeBreakdown(t, "shengzhou-2022")

	rows, _ := f.GetRows("对标")
	if got := strings.Join(rows[headerRow-1], ","); got != "序号,指标,计量单位,2020年基数,2021年实绩,2022年目标(当年),2023年浙江省,2023年绍兴市" {
		t.Errorf("对标 header %s", got)
	}
	col := header(t, f, "对标")
	r := findRow(t, f, "对标", "规上工业亩均税收")
	if v := raw(t, f, "对标", cell(col["2020年基数"], r)); v != "13.68" {
		t.Errorf("亩均税收 2020年基数 %q", v)
	}
	if typ, _ := f.GetCellType("对标", cell(col["2023年浙江省"], r)); typ != excelize.CellTypeUnset {
		t.Errorf("亩均税收 浙江省 is %v, want a number", typ)
	}
	r = findRow(t, f, "对标", "盘活低效工业用地")
	ref := cell(col["2023年浙江省"], r)
	if v, _ := f.GetCellValue("对标", ref); v != "100平方公里" {
		t.Errorf("盘活低效工业用地 浙江省 %q", v)
	}
	if typ, _ := f.GetCellType("对标", ref); typ != excelize.CellTypeSharedString {
		t.Errorf("text benchmark stored as %v, want text", typ)
	}

	rows, _ = f.GetRows("任务清单")
	if got := strings.Join(rows[headerRow-1], ","); got != "序号,行动,任务,工作内容,牵头单位,配合单位,时限" {
		t.Errorf("任务清单 header %s", got)
	}
	if n := len(rows) - headerRow; n != 34 {
		t.Errorf("%d task rows, want 34", n)
	}
	for i, task := range c.Tasks {
		row := append(rows[headerRow+i], make([]string, 7)...)
		if row[2] != task.Title || row[3] != task.Text {
			t.Errorf("task %s: row %v", task.ID, row)
		}
		if strings.ContainsAny(row[4]+row[5], "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("task %s: unit codes instead of names: %q %q", task.ID, row[4], row[5])
		}
	}
	if len(rows[headerRow]) < 6 || rows[headerRow][4] != "市经信局" || rows[headerRow][5] != "市统计局" {
		t.Errorf("task 1 lead/co %q %q, want 市经信局 / 市统计局", rows[headerRow][4], rows[headerRow][5])
	}
}

func TestBreakdownTaskDue(t *testing.T) {
	f, _, _ := writeBreakdown(t, "lucheng-2021")
	c := loadSeed(t, "lucheng-2021")
	rows, _ := f.GetRows("任务清单")
	dated := 0
	for i, task := range c.Tasks {
		want := ""
		if task.Due != nil {
			want = task.Due.Format("2006-01-02")
			dated++
		}
		got := ""
		if r := rows[headerRow+i]; len(r) > 6 {
			got = r[6]
		}
		if got != want {
			t.Errorf("task %s 时限 %q, want %q", task.ID, got, want)
		}
	}
	t.Logf("%d of %d tasks dated", dated, len(c.Tasks))
}

func TestBreakdownPrintSetup(t *testing.T) {
	for _, seed := range []string{"huzhou-2023", "shengzhou-2022"} {
		f, _, _ := writeBreakdown(t, seed)
		titles := map[string]string{}
		for _, d := range f.GetDefinedName() {
			if d.Name == "_xlnm.Print_Titles" {
				titles[d.Scope] = d.RefersTo
			}
		}
		for _, sheet := range f.GetSheetList() {
			if want := "'" + sheet + "'!$3:$3"; titles[sheet] != want {
				t.Errorf("%s %s: Print_Titles %q, want %q", seed, sheet, titles[sheet], want)
			}
			pl, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 9 {
				t.Errorf("%s %s: not A4 landscape: %+v", seed, sheet, pl)
			}
			if pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("%s %s: not fitted to one page wide", seed, sheet)
			}
			props, err := f.GetSheetProps(sheet)
			if err != nil || props.FitToPage == nil || !*props.FitToPage {
				t.Errorf("%s %s: fit to page not set", seed, sheet)
			}
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != headerRow {
				t.Errorf("%s %s: header not frozen: %+v", seed, sheet, panes)
			}
			rows, _ := f.GetRows(sheet)
			dim, err := f.GetSheetDimension(sheet)
			if want := "A1:" + cell(len(rows[headerRow-1]), len(rows)); err != nil || dim != want {
				t.Errorf("%s %s: dimension %q, want %q", seed, sheet, dim, want)
			}
			// Every table cell is boxed.
			ref := cell(len(rows[headerRow-1]), len(rows))
			id, _ := f.GetCellStyle(sheet, ref)
			st, _ := f.GetStyle(id)
			if st == nil || len(st.Border) != 4 {
				t.Errorf("%s %s: %s has no border", seed, sheet, ref)
			}
		}
	}
}

// TestBreakdownWidths checks that every column is as wide as its widest text up to the
// column's cap, that numbers always fit (a number that does not prints as #####), and
// that rows are tall enough for their wrapped text.
func TestBreakdownWidths(t *testing.T) {
	for _, seed := range seeds.IDs() {
		t.Run(seed, func(t *testing.T) {
			f, _, _ := writeBreakdown(t, seed)
			for _, sheet := range f.GetSheetList() {
				rows, _ := f.GetRows(sheet)
				merged := mergedCells(t, f, sheet)
				ncols := len(rows[headerRow-1])
				for j := 1; j <= ncols; j++ {
					width, _ := f.GetColWidth(sheet, colName(j))
					widest, number := 0, 0
					for r := headerRow; r <= len(rows); r++ {
						ref := cell(j, r)
						if merged[ref] {
							continue
						}
						shown, _ := f.GetCellValue(sheet, ref)
						if typ, _ := f.GetCellType(sheet, ref); typ == excelize.CellTypeUnset && shown != "" {
							number = max(number, textWidth(shown))
						} else {
							widest = max(widest, textWidth(shown))
						}
					}
					if float64(number) >= width {
						t.Errorf("%s %s: numbers %d wide in a column of %.1f", sheet, colName(j), number, width)
					}
					if want := min(float64(widest)+2, capOf(sheet, j)); width < want {
						t.Errorf("%s %s: text %d wide in a column of %.1f, want at least %.1f", sheet, colName(j), widest, width, want)
					}
				}
				for r := headerRow; r <= len(rows); r++ {
					h, _ := f.GetRowHeight(sheet, r)
					lines := 1
					for j := 1; j <= ncols; j++ {
						ref := cell(j, r)
						if merged[ref] {
							continue
						}
						v, _ := f.GetCellValue(sheet, ref)
						w, _ := f.GetColWidth(sheet, colName(j))
						lines = max(lines, wrappedLines(v, w))
					}
					if h < float64(lines)*bodyLine {
						t.Errorf("%s row %d: %.1f pt for %d lines", sheet, r, h, lines)
					}
				}
			}
		})
	}
}

// mergedCells is every cell inside a merged range: their width is the range's.
func mergedCells(t testing.TB, f *excelize.File, sheet string) map[string]bool {
	t.Helper()
	ms, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	in := map[string]bool{}
	for _, m := range ms {
		c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				in[cell(c, r)] = true
			}
		}
	}
	return in
}

// capOf is the cap a column's text width is held to before it wraps.
func capOf(sheet string, col int) float64 {
	switch {
	case sheet == "任务清单":
		return []float64{8, 16, 30, 60, 16, 24, 12}[col-1]
	case col == 1:
		return 8
	case col == 2:
		return 36
	case col == 3:
		return 12
	case sheet == "对标":
		return 16
	}
	return 14 // units, total and 责任部门 (16) alike: at least 14
}

func TestBreakdownDeterministic(t *testing.T) {
	_, a, _ := writeBreakdown(t, "shengzhou-2022")
	_, b, _ := writeBreakdown(t, "shengzhou-2022")
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same campaign differ")
	}
}

// TestBreakdownGolden dumps every sheet of every seed's breakdown table as text.
func TestBreakdownGolden(t *testing.T) {
	for _, seed := range seeds.IDs() {
		t.Run(seed, func(t *testing.T) {
			f, _, _ := writeBreakdown(t, seed)
			golden.Check(t, filepath.Join("testdata", "breakdown-"+seed+".golden"), dumpWorkbook(t, f))
		})
	}
}

// dumpWorkbook prints each sheet: dimension, column widths, merges, and every cell
// with its stored value, its type, its number format and what a reader sees.
func dumpWorkbook(t testing.TB, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		dim, _ := f.GetSheetDimension(sheet)
		fmt.Fprintf(&b, "== %s %s\n", sheet, dim)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		ncols := 0
		for _, r := range rows {
			ncols = max(ncols, len(r))
		}
		var widths []string
		for j := 1; j <= ncols; j++ {
			w, _ := f.GetColWidth(sheet, colName(j))
			widths = append(widths, fmt.Sprintf("%s=%g", colName(j), w))
		}
		fmt.Fprintf(&b, "widths %s\n", strings.Join(widths, " "))
		ms, _ := f.GetMergeCells(sheet)
		refs := mergeRefs(ms)
		sort.Strings(refs)
		fmt.Fprintf(&b, "merged %s\n", strings.Join(refs, " "))
		covered := mergedCells(t, f, sheet)
		for _, m := range ms {
			delete(covered, m.GetStartAxis())
		}
		for i, r := range rows {
			h, _ := f.GetRowHeight(sheet, i+1)
			fmt.Fprintf(&b, "row %d (%gpt)\n", i+1, h)
			for j := range r {
				ref := cell(j+1, i+1)
				v := raw(t, f, sheet, ref)
				if v == "" || covered[ref] {
					continue
				}
				shown, _ := f.GetCellValue(sheet, ref)
				typ, _ := f.GetCellType(sheet, ref)
				if typ == excelize.CellTypeUnset {
					fmt.Fprintf(&b, "  %s = %s [%s]", ref, v, numFmt(t, f, sheet, ref))
					if shown != v {
						fmt.Fprintf(&b, " → %s", shown)
					}
					b.WriteString("\n")
				} else {
					fmt.Fprintf(&b, "  %s “%s”\n", ref, v)
				}
			}
		}
	}
	return b.String()
}

// The independent readers: openpyxl and LibreOffice. CI installs both
// (python3-openpyxl, libreoffice-calc-nogui); these tests fail, not skip, without them.

// pythonWithOpenpyxl finds a python3 that can import openpyxl.
func pythonWithOpenpyxl(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if err := exec.Command(py, "-c", "import openpyxl").Run(); err == nil {
			return py
		}
	}
	t.Fatal("no python3 with openpyxl: install python3-openpyxl (Debian) to run this test")
	return ""
}

func TestBreakdownOpenpyxl(t *testing.T) {
	py := pythonWithOpenpyxl(t)
	_, data, _ := writeBreakdown(t, "huzhou-2023")
	path := filepath.Join(t.TempDir(), "分解表.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	const script = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["任务分解表"]
print(wb.sheetnames)
print(ws.print_title_rows)
print(ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.sheet_properties.pageSetUpPr.fitToPage)
print("freeze", ws.freeze_panes)
print("merged", sorted(str(r) for r in ws.merged_cells.ranges))
for row in ws.iter_rows(min_row=3):
    if row[1].value in ("高耗低效整治腾出能耗空间", "单位GDP能耗下降率"):
        print(row[1].value, [(c.value, c.number_format) for c in row[3:10]])
ro = openpyxl.load_workbook(sys.argv[1], read_only=True)
print(ro["任务分解表"].max_row, ro["任务分解表"].max_column)
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	got := string(out)
	for _, want := range []string{
		"['任务分解表']",
		"$3:$3",
		"landscape 9 1 True",
		"freeze A4",
		"merged ['A1:K1', 'A2:K2', 'D14:J14', 'D15:J15']",
		"高耗低效整治腾出能耗空间 [(4, '0'), (3.5, '0.0'), (2, '0'), (3.5, '0.0'), (2, '0'), (0.1, '0.0'), (15, '0')]",
		`单位GDP能耗下降率 [(4.5, '0.0"（含南太湖新区）"'), (4.8, '0.0'), (5.2, '0.0'), (7.6, '0.0'), (6.3, '0.0'), ('/', 'General'), ('完成省定目标', 'General')]`,
		"19 11", // read-only readers trust the dimension
	} {
		if !strings.Contains(got, want) {
			t.Errorf("openpyxl output lacks %q:\n%s", want, got)
		}
	}
}

// TestBreakdownLibreOffice converts the breakdown tables of every seed to PDF with
// LibreOffice headless.
func TestBreakdownLibreOffice(t *testing.T) {
	office := ""
	for _, name := range []string{"libreoffice", "soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			office = p
			break
		}
	}
	if office == "" {
		t.Fatal("LibreOffice not found: install libreoffice-calc-nogui (Debian) to run this test")
	}
	dir := t.TempDir()
	var files []string
	for _, seed := range seeds.IDs() {
		_, data, _ := writeBreakdown(t, seed)
		path := filepath.Join(dir, "breakdown-"+seed+".xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	out := filepath.Join(dir, "pdf")
	// A private profile, so parallel runs and a user's open LibreOffice do not clash.
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", out}, files...)
	cmd := exec.Command(office, args...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", office, err, msg)
	}
	for _, f := range files {
		pdf := filepath.Join(out, strings.TrimSuffix(filepath.Base(f), ".xlsx")+".pdf")
		data, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatalf("no PDF from %s: %v", filepath.Base(f), err)
		}
		if !bytes.HasPrefix(data, []byte("%PDF")) || len(data) < 5000 {
			t.Errorf("%s: not a PDF with content (%d bytes)", pdf, len(data))
		}
		if keep := os.Getenv("TENGLONG_KEEP_PDF"); keep != "" {
			os.WriteFile(filepath.Join(keep, filepath.Base(pdf)), data, 0o644)
		}
	}
}

// BenchmarkBreakdownProvince writes the breakdown table of a province's 1,300
// townships and 100 indicators (DESIGN.md §10).
func BenchmarkBreakdownProvince(b *testing.B) {
	c, probs := campaign.Load(corpus.Campaign(corpus.Size{Units: 1300, Indicators: 100, Tasks: 50}))
	if errs := probs.Errors(); len(errs) > 0 {
		b.Fatal(errs)
	}
	for b.Loop() {
		var buf bytes.Buffer
		if _, err := WriteBreakdown(&buf, c, nil); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(buf.Len()))
	}
}

func TestBreakTitle(t *testing.T) {
	tests := []struct {
		title string
		width float64
		want  string
	}{
		{"短标题", 20, "短标题"},
		{"湖州市先进制造业集群培育工程和新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动2023年目标体系表2023年第三季度报送情况", 60,
			"湖州市先进制造业集群培育工程和新一轮制造业\n“腾笼换鸟、凤凰涅槃”攻坚行动2023年目标体系表\n2023年第三季度报送情况"},
		{"吴兴区 2023年第三季度 高耗低效整治企业清单", 30, "吴兴区 2023年第三季度\n高耗低效整治企业清单"},
		{"一二三四五六七八九十一二三四五", 10, "一二三四五\n六七八九十\n一二三四五"}, // no boundary: cut at the width
	}
	for _, tt := range tests {
		if got := breakTitle(tt.title, tt.width); got != tt.want {
			t.Errorf("breakTitle(%q, %v) =\n%s\nwant\n%s", tt.title, tt.width, got, tt.want)
		}
	}
}
