package upward

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"tenglong/campaign"
	"tenglong/score"
	"tenglong/workbook"
)

// Return is the county's return to its city: the cells to type into the city's
// template, the lines added to its 填报说明, the 明细 sheet, and what it left out.
type Return struct {
	Cells      []workbook.Fill
	GuideLines []string
	Detail     *workbook.DetailSheet
	Figures    []Figure
	Missing    []campaign.Unit // units without an accepted return (only with partial)
	// Lists and Tasks count the list rows and tasks filled (for the command's output).
	ListRows, Tasks int
}

// Figure is one filled indicator, for the command's output.
type Figure struct {
	ID, Name, Measure, Value, Basis string
}

// Refusal is why Build made no return: every problem found, each a Chinese sentence
// naming the indicator, unit or cell and what to do.
type Refusal struct{ Problems []string }

func (r *Refusal) Error() string { return strings.Join(r.Problems, "\n") }

// Build fills the city's template pt with the county's consolidation k of period p
// (score.Consolidate's totals, by each indicator's rule). Without partial every unit
// must have an accepted return. The template must be the city's for this county and
// period, and every city indicator must have its county indicator with the same unit
// of measure: otherwise a *Refusal lists all of it.
func Build(c *campaign.Campaign, k *score.Consolidation, pt *workbook.ParentTemplate, p campaign.Period, partial bool) (*Return, error) {
	if c.Parent == nil {
		return nil, &Refusal{[]string{"campaign.yaml 没有上级行动 parent：只有用 tenglong init --from-template 从上级模板建立的工作目录才能向上报送"}}
	}
	var probs []string
	m := pt.Metadata
	if m.Campaign != c.Parent.Campaign {
		probs = append(probs, fmt.Sprintf("这份模板属于行动“%s”，本级的上级行动是“%s”（campaign.yaml 第 %d 行）：请用上级发来的本期模板", m.Campaign, c.Parent.Campaign, c.Parent.Line))
	}
	if m.Unit != c.Parent.Unit {
		probs = append(probs, fmt.Sprintf("这份模板是发给“%s”（%s）的，本级在上级的单位代码是“%s”：请用发给本级的模板", m.UnitName, m.Unit, c.Parent.Unit))
	}
	if m.Period != p.String() {
		label := m.Period
		if tp, err := campaign.ParsePeriod(m.Period); err == nil {
			label = tp.Label()
		}
		probs = append(probs, fmt.Sprintf("这份模板是%s的，不是%s（--period %s）的：请用上级发来的%s模板", label, p.Label(), p, p.Label()))
	}
	var pairs []rowResult
	for _, r := range pt.Rows {
		if r.Derived {
			continue // the city computes it from the list rows upward fills
		}
		id, ok := c.Parent.CountyIndicator(r.ID)
		res, found := k.Indicator(id)
		if !ok || !found {
			probs = append(probs, fmt.Sprintf("上级模板要填指标“%s”（%s），本级 campaign.yaml 里没有对应的指标（parent.indicators 没有它，或指标已删去）：请恢复这项指标后重新汇总", r.Name, r.ID))
			continue
		}
		if in := res.Indicator; in.Measure != r.Measure {
			probs = append(probs, fmt.Sprintf("指标“%s”的计量单位本级是“%s”，上级模板是“%s”：上报的数字必须用上级的计量单位，请把 campaign.yaml 第 %d 行的 measure 改回“%s”，各单位按它报送",
				r.Name, in.Measure, r.Measure, in.Line, r.Measure))
			continue
		}
		pairs = append(pairs, rowResult{r, res})
	}
	var missing []campaign.Unit
	for _, s := range k.Submissions {
		if s.State != score.StateAccepted {
			u, _ := c.Unit(s.Unit)
			missing = append(missing, u)
		}
	}
	if len(missing) > 0 && !partial {
		probs = append(probs, fmt.Sprintf("还有 %d 个单位没有通过审核的报送：%s。等它们报齐再上报；确需先报，加 --partial（模板的填报说明里会写明未含哪些单位）",
			len(missing), unitNames(missing)))
	}
	out := &Return{Missing: missing}
	for _, pr := range pairs {
		value, err := totalValue(pr.res, pr.row)
		if err != nil {
			probs = append(probs, err.Error())
			continue
		}
		out.Cells = append(out.Cells, workbook.Fill{Sheet: workbook.IndicatorSheet, Cell: pr.row.ValueCell, Value: value, Text: pr.row.Qualitative})
		basis := pr.res.TotalBasis
		if pr.row.NoteCell != "" {
			out.Cells = append(out.Cells, workbook.Fill{Sheet: workbook.IndicatorSheet, Cell: pr.row.NoteCell, Value: "本级汇总：" + basis, Text: true})
		}
		out.Figures = append(out.Figures, Figure{ID: pr.row.ID, Name: pr.row.Name, Measure: pr.row.Measure, Value: value, Basis: basis})
	}
	listFills, listLines, listRows, listProbs := listCells(c, k, pt)
	taskFills, taskRows, taskProbs := taskCells(c, k, pt, partial)
	if probs = append(append(probs, listProbs...), taskProbs...); len(probs) > 0 {
		return nil, &Refusal{probs}
	}
	out.Cells = append(append(out.Cells, listFills...), taskFills...)
	for _, r := range listRows {
		n, _ := strconv.Atoi(r.value)
		out.ListRows += n
	}
	out.Tasks = len(taskRows)
	name := c.Parent.UnitName
	if name == "" && c.Total != nil {
		name = c.Total.Name
	}
	out.GuideLines = []string{fmt.Sprintf("本表由%s汇总 %d 个单位的报送后填报（tenglong upward），各项数字按指标的合计方式得出；各单位明细见“明细”表（只读，不影响上报的数字）。",
		name, len(c.Units)-len(missing))}
	if len(missing) > 0 {
		out.GuideLines = append(out.GuideLines, fmt.Sprintf("【部分汇总】本次上报未含以下 %d 个单位：%s（尚未报送或未通过审核），数字只是已报单位的汇总。", len(missing), unitNames(missing)))
	}
	out.GuideLines = append(out.GuideLines, listLines...)
	out.Detail = detail(c, pairs, out.Figures, name, p)
	for _, r := range append(listRows, taskRows...) {
		out.Detail.Rows = append(out.Detail.Rows, append(append([]string{r.name, r.measure}, r.units...), r.value, r.basis))
	}
	return out, nil
}

// rowResult is a row of the city's template with the county's result for it.
type rowResult struct {
	row workbook.ParentRow
	res *score.IndicatorResult
}

// totalValue is the county's figure for the city: the consolidation's total row as
// an exact decimal (a weighted average rounded half-up to the city's decimals, as no
// template cell holds sixteen places), or 完成/未完成.
func totalValue(res *score.IndicatorResult, row workbook.ParentRow) (string, error) {
	in := res.Indicator
	if in.Kind == campaign.KindQualitative || row.Qualitative {
		return qualitativeTotal(res)
	}
	t := res.Total
	if !res.HasTotal || !t.Reported() {
		if in.Total == campaign.TotalGiven && in.GivenBy == "" {
			return "", fmt.Errorf("指标“%s”的本级合计由办公室录入（total: given），还没有录入：请先运行 tenglong totals set --period … --indicator %s --value 数值 --reason 来源", in.Name, in.ID)
		}
		return "", fmt.Errorf("指标“%s”还没有本级合计（%s）：没有单位报了这项指标", in.Name, res.TotalBasis)
	}
	if t.Actual().Answered {
		return doneWord(t.Actual().Done), nil
	}
	v := t.Actual().Value
	if in.Total == campaign.TotalWeightedBy {
		v = v.Round(int32(max(row.Decimals, int(in.Decimals))))
	}
	return v.String(), nil
}

// qualitativeTotal: the county has done it when every unit that reports it says 完成.
// The consolidation does not total qualitative indicators (不汇总), so this is the
// one aggregation upward itself decides.
func qualitativeTotal(res *score.IndicatorResult) (string, error) {
	answered := 0
	done := true
	for _, u := range res.Units {
		if u.Reported() {
			answered++
			done = done && u.Actual().Done
		}
	}
	if answered == 0 {
		return "", errors.New("定性指标“" + res.Indicator.Name + "”没有单位报了“完成”或“未完成”")
	}
	return doneWord(done), nil
}

func doneWord(done bool) string {
	if done {
		return "完成"
	}
	return "未完成"
}

func unitNames(units []campaign.Unit) string {
	names := make([]string, len(units))
	for i, u := range units {
		names[i] = u.Name
	}
	return strings.Join(names, "、")
}

// detail is the 明细 sheet: one row per city indicator, one column per unit, then the
// figure sent up and how it was obtained.
func detail(c *campaign.Campaign, rows []rowResult, figures []Figure, name string, p campaign.Period) *workbook.DetailSheet {
	d := &workbook.DetailSheet{
		Title: fmt.Sprintf("%s %s 上报数的单位明细", name, p.Label()),
		Note:  fmt.Sprintf("以下是%s各单位自己报送的数字（%s的数据，仅供参考，上报数以“指标填报”表为准）", name, name),
	}
	d.Headers = []string{"指标", "计量单位"}
	for _, u := range c.Units {
		d.Headers = append(d.Headers, u.Name)
	}
	d.Headers = append(d.Headers, "上报数", "合计方式")
	for i, rr := range rows {
		line := []string{rr.row.Name, rr.row.Measure}
		for _, u := range c.Units {
			cell, ok := rr.res.Cell(u.Code)
			switch {
			case !ok:
				line = append(line, "—")
			case !cell.Reported():
				line = append(line, notReported)
			case cell.Actual().Answered:
				line = append(line, doneWord(cell.Actual().Done))
			default:
				line = append(line, cell.Actual().Value.String())
			}
		}
		line = append(line, figures[i].Value, figures[i].Basis)
		d.Rows = append(d.Rows, line)
	}
	return d
}

// Coverage reads back from a return's 明细 sheet how many units it sums and which are
// left out (every figure 未报): what the sheet itself shows, so that a mail about the
// file says what the file says.
func Coverage(d *workbook.DetailSheet) (units int, missing []string) {
	if d == nil || len(d.Headers) < 4 {
		return 0, nil
	}
	for col := 2; col < len(d.Headers)-2; col++ {
		reported := false
		for _, r := range d.Rows {
			if col < len(r) && r[col] != notReported && r[col] != "—" && r[col] != "" {
				reported = true
			}
		}
		if reported {
			units++
		} else {
			missing = append(missing, d.Headers[col])
		}
	}
	return units, missing
}

// notReported is what 明细 shows for a unit without a figure.
const notReported = "未报"
