package workbook

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
	"tenglong/internal/fileout"
	"tenglong/score"
)

// The consolidated workbook (汇总表) of a period, sheet by sheet:
//
//	总表        units down, indicators across: 目标 / 完成 / 完成率 / 排名 under each
//	           indicator, 序时进度 under its name, the total row and its basis, the
//	           completion coloured by its light (红黄绿灯)
//	<类别>      the same for one category's indicators, when the campaign has categories
//	赛马得分    units in rank order with each scoring item's points, 总分 and 较上期
//	计分说明    one line per unit and item: the points and the reason
//	<清单>      one per list: every unit's rows, numbers as numbers, dates as dates,
//	           rows sharing a unique value (统一社会信用代码) with another unit marked
//	任务进展    each task with what its lead and co units reported, then per lead unit
//	报送情况    who reported when, late or not, with errors and warnings, and a 合计
//
// Every sheet prints on A4 landscape with its header rows (and unit column) repeated,
// fitted to the page width at half size or more: an indicator sheet too wide for that
// is written in the long form instead, one row per indicator and unit
// (summaryIndicatorSheet decides), and a wide 赛马得分 prints a few pages wide.

// Sheet names of the consolidated workbook.
const (
	summarySheet     = "总表"
	scoreSheet       = "赛马得分"
	scoreNotesSheet  = "计分说明"
	taskSummarySheet = "任务进展"
	reportingSheet   = "报送情况"
)

// Fills of the consolidated workbooks, besides the status colours of styles.go.
const (
	missingFill   = "E7E6E6" // grey: 未报送
	duplicateFill = "F8CBAD" // orange: a list row another unit also reported
)

// WriteSummary writes the consolidated workbook of a period to w. s may be nil when
// there are no scores yet: the 赛马 sheets are left out. The same inputs give the same
// bytes: the document's dates are the period's last day. The merged lists' rows are
// the ones k holds (results.Assemble).
func WriteSummary(w io.Writer, k *score.Consolidation, s *score.Scores) error {
	return WriteSummaryFrom(w, k, s, heldRows)
}

// WriteSummaryFrom is WriteSummary with the merged lists' rows read through rows,
// for a consolidation that let them go (results.AssembleCounts): the same workbook.
func WriteSummaryFrom(w io.Writer, k *score.Consolidation, s *score.Scores, rows ListRows) error {
	names := newSheetNames(summarySheet, scoreSheet, scoreNotesSheet, taskSummarySheet, reportingSheet)
	var builders []func(*styles) *sheetTable
	all := make([]*score.IndicatorResult, len(k.Indicators))
	for i := range k.Indicators {
		all[i] = &k.Indicators[i]
	}
	builders = append(builders, func(st *styles) *sheetTable {
		return summaryIndicatorSheet(k, st, summarySheet, summaryTitle(k, "汇总表"), all, true)
	})
	for _, cat := range categories(k) {
		name := names.take(cat.name)
		builders = append(builders, func(st *styles) *sheetTable {
			return summaryIndicatorSheet(k, st, name, summaryTitle(k, cat.name+"指标汇总表"), cat.results, false)
		})
	}
	if s != nil {
		builders = append(builders,
			func(st *styles) *sheetTable { return scoreTable(k, s, st) },
			func(st *styles) *sheetTable { return scoreNotesTable(k, s, st) })
	}
	for i := range k.Lists {
		ml := &k.Lists[i]
		name := names.take(ml.List.Name)
		builders = append(builders, func(st *styles) *sheetTable { return listTable(k, ml, name, st, rows) })
	}
	if len(k.Tasks) > 0 {
		builders = append(builders, func(st *styles) *sheetTable { return taskTable(k, st) })
	}
	builders = append(builders, func(st *styles) *sheetTable { return reportingTable(k, st) })
	return writeTables(w, k, summaryTitle(k, "汇总表"), builders)
}

// writeTables builds and streams each sheet in turn — only one sheet's cells are held
// at a time — and writes the workbook with fixed document properties.
func writeTables(w io.Writer, k *score.Consolidation, title string, builders []func(*styles) *sheetTable) (err error) {
	defer func() {
		if err != nil && fileout.DiskFull(err) { // the rows are spooled to a temporary file
			err = fmt.Errorf("临时文件夹 %s 写不下汇总表（磁盘空间不足，或超过了文件大小限制），请清理磁盘空间后重试：%w", os.TempDir(), err)
		}
	}()
	f := excelize.NewFile()
	defer f.Close()
	spool, err := newRowSpool()
	if err != nil {
		return err
	}
	defer spool.close()
	st := newStyles(f)
	st.spool = spool
	for i, build := range builders {
		t := build(st)
		if st.err != nil {
			return st.err
		}
		if err := t.write(f, i == 0); err != nil {
			return fmt.Errorf("写“%s”工作表：%w", t.name, err)
		}
	}
	// No SetActiveSheet: it would parse every streamed sheet back; the first sheet,
	// made from the new file's Sheet1, is the selected one already.
	when := k.Period.EndDate().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: title, Subject: k.Campaign.Title, Creator: "tenglong", LastModifiedBy: "tenglong",
		Created: when, Modified: when, Language: "zh-CN",
	}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return spool.writeSpliced(w, buf.Bytes())
}

// summaryTitle is a sheet's title: the campaign, the period and what the sheet is.
func summaryTitle(k *score.Consolidation, what string) string {
	return k.Campaign.Title + k.Period.Label() + what
}

// category is the indicators of one category, in campaign order.
type category struct {
	name    string
	results []*score.IndicatorResult
}

// categories groups the indicators by category in the order categories first appear;
// indicators without one go to 其他指标. A campaign with no category, or with one
// category holding every indicator, has none: the 总表 says it all.
func categories(k *score.Consolidation) []category {
	var out []category
	index := map[string]int{}
	for i := range k.Indicators {
		r := &k.Indicators[i]
		name := strings.TrimSpace(r.Indicator.Category)
		if name == "" {
			name = "其他指标"
		}
		j, ok := index[name]
		if !ok {
			j = len(out)
			index[name] = j
			out = append(out, category{name: name})
		}
		out[j].results = append(out[j].results, r)
	}
	if len(out) == 1 {
		return nil
	}
	return out
}

// sheetNames hands out legal sheet names, unique regardless of case (as Excel
// compares them): ≤ 31 characters, none of []:*?/\, not starting or ending with an
// apostrophe, a number appended to a name already taken.
type sheetNames struct{ used map[string]bool }

func newSheetNames(reserved ...string) *sheetNames {
	n := &sheetNames{used: map[string]bool{"history": true}}
	for _, r := range reserved {
		n.used[strings.ToLower(r)] = true
	}
	return n
}

func (n *sheetNames) take(name string) string {
	base := strings.Trim(sheetName(strings.TrimSpace(name)), "'")
	if base == "" {
		base = "工作表"
	}
	candidate := base
	for i := 2; n.used[strings.ToLower(candidate)]; i++ {
		suffix := fmt.Sprintf("（%d）", i)
		r := []rune(base)
		if len(r)+len([]rune(suffix)) > maxSheetNameLen {
			r = r[:maxSheetNameLen-len([]rune(suffix))]
		}
		candidate = string(r) + suffix
	}
	n.used[strings.ToLower(candidate)] = true
	return candidate
}

// unitName is a unit's name, or its code when the campaign does not know it.
func unitName(c *campaign.Campaign, code string) string {
	if u, ok := c.Unit(code); ok {
		return u.Name
	}
	return code
}
