package report

import (
	"fmt"
	"math"
	"strconv"

	"github.com/shopspring/decimal"

	"tenglong/score"
)

// chartMax is how many units a bar chart shows; beyond it the best and the worst
// half each, with a line saying how many are left out between them.
const chartMax = 40

// scoreChart draws the units' total points as horizontal bars (vectors, not an
// image), best first, with the value at the end of each bar and a labelled axis.
func (d *doc) scoreChart(k *score.Consolidation, s *score.Scores) {
	var units []score.UnitScore
	for _, u := range s.Units {
		if u.Rank > 0 { // the chart compares ranked units only
			units = append(units, u)
		}
	}
	ranked := len(units)
	skipped := 0
	if len(units) > chartMax {
		skipped = len(units) - chartMax
		units = append(append([]score.UnitScore(nil), units[:chartMax/2]...), units[len(units)-chartMax/2:]...)
	}
	if len(units) == 0 {
		return
	}
	top := decimal.Zero
	for _, u := range units {
		if u.Points.GreaterThan(top) {
			top = u.Points
		}
	}
	axisMax := niceCeiling(top.InexactFloat64())
	chart := &Chart{Title: "图：" + s.Period.Label() + "各单位综合得分", Axis: "综合得分（分）"}
	for _, u := range units {
		chart.Names = append(chart.Names, zhText(k.Campaign.UnitName(u.Unit)))
		chart.Points = append(chart.Points, u.Points.StringFixed(2))
		chart.Shares = append(chart.Shares, u.Points.InexactFloat64()/axisMax)
		chart.Fills = append(chart.Fills, chartFill(u.Rank, ranked).hex())
	}
	const bar, valueW = 5.0, 14.0
	// The label column is as wide as the longest name, within reason; a name wider
	// than that is set smaller, never cut.
	d.setFont(sizeSmall)
	labelW := 20.0
	for _, u := range units {
		labelW = max(labelW, d.measure(d.clean(k.Campaign.UnitName(u.Unit)))+3)
	}
	labelW = min(labelW, 60)
	rows := len(units)
	if skipped > 0 {
		rows++
	}
	height := 10 + float64(rows)*bar + 20
	d.gap(3) // clear of the table above
	d.subheading("（二）综合得分图", height)
	d.record(Block{Kind: BlockChart, Chart: chart})
	d.room(height)
	d.setFont(sizeBody - 2)
	d.colour(black)
	title := "图：" + s.Period.Label() + "各单位综合得分"
	if skipped > 0 {
		title += fmt.Sprintf("（前%d名和后%d名）", chartMax/2, chartMax/2)
	}
	y := d.pdf.GetY() + 6
	title = d.clean(title)
	d.pdf.Text(d.centre()-d.measure(title)/2, y, title)
	y += 4
	x0 := d.left() + labelW
	plotW := d.width() - labelW - valueW
	d.setFont(sizeSmall)
	row := 0
	for i, u := range units {
		if skipped > 0 && i == chartMax/2 {
			note := fmt.Sprintf("……（中间%d个单位略）", skipped)
			d.pdf.Text(x0, y+float64(row)*bar+bar*0.7, d.clean(note))
			row++
		}
		yy := y + float64(row)*bar
		name := d.clean(k.Campaign.UnitName(u.Unit))
		d.fitSize(name, labelW-2, sizeSmall)
		d.pdf.Text(x0-2-d.measure(name), yy+bar*0.7, name)
		d.setFont(sizeSmall)
		w := 0.0
		if axisMax > 0 {
			w = u.Points.InexactFloat64() / axisMax * plotW
		}
		fill := chartFill(u.Rank, ranked)
		d.pdf.SetFillColor(fill.r, fill.g, fill.b)
		// A 0 bar is a stub, so that a unit with no points still shows a bar.
		d.pdf.SetDrawColor(0, 0, 0)
		d.pdf.SetLineWidth(0.15)
		d.pdf.Rect(x0, yy+0.8, max(w, 0.8), bar-1.6, "FD")
		d.pdf.Text(x0+w+1, yy+bar*0.7, u.Points.StringFixed(2))
		row++
	}
	// Axis with ticks and its label.
	axisY := y + float64(row)*bar + 1
	d.pdf.SetDrawColor(lineColour.r, lineColour.g, lineColour.b)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(x0, y, x0, axisY)
	d.pdf.Line(x0, axisY, x0+plotW, axisY)
	for i := 0; i <= 4; i++ {
		v := axisMax * float64(i) / 4
		tx := x0 + plotW*float64(i)/4
		d.pdf.Line(tx, axisY, tx, axisY+1)
		label := trimFloat(v)
		d.pdf.Text(tx-d.measure(label)/2, axisY+4, label)
	}
	axisLabel := "综合得分（分）"
	d.pdf.Text(x0+plotW-d.measure(axisLabel), axisY+8.5, axisLabel)
	// Legend: what the three fills mean, in words, for a black-and-white copy too.
	ly := axisY + 12
	lx := x0
	legend := []struct {
		fill rgb
		text string
	}{{chartFill(1, 3), "前三分之一"}, {chartFill(2, 3), "中间"}, {chartFill(3, 3), "后三分之一"}}
	if ranked < 3 { // every bar is the middle colour
		legend = legend[1:2]
		legend[0].text = "参加排名的单位"
	}
	for _, l := range legend {
		d.pdf.SetFillColor(l.fill.r, l.fill.g, l.fill.b)
		d.pdf.Rect(lx, ly-2.5, 6, 3, "FD")
		d.pdf.Text(lx+7.5, ly, l.text)
		lx += 9 + d.measure(l.text) + 6
	}
	d.pdf.SetY(ly + 4)
	d.styleChanged()
}

// chartFill colours the best third green, the last third red, the rest blue.
func chartFill(rank, n int) rgb {
	switch {
	case n >= 3 && rank <= n/3:
		return rgb{84, 160, 98}
	case n >= 3 && rank > n-n/3:
		return rgb{214, 96, 77}
	default:
		return rgb{91, 134, 196}
	}
}

// niceCeiling rounds an axis maximum up to a round number whose quarters are round
// too (120: 30, 60, 90).
func niceCeiling(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func trimFloat(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// fitSize selects the body font at size, or smaller until text fits the width: a
// name is never cut.
func (d *doc) fitSize(text string, width, size float64) {
	d.setFont(size)
	if w := d.measure(text); w > width {
		d.setFont(size * width / w)
	}
}
