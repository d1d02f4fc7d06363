package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/workbook"
)

// Simulated returns for `tenglong demo`: the last unit sends nothing, the one before
// it sends a return with typing mistakes, and of the others every second is late.

// simulateReturns fills the generated templates as units would and writes them into
// dir/按时 and dir/迟报.
func simulateReturns(c *campaign.Campaign, p campaign.Period, templates, dir string) error {
	n := len(c.Units)
	absent := demoAbsent(c, p)
	for i, u := range c.Units {
		if i == absent && n > 1 {
			continue // this unit sends nothing
		}
		name := templateFileName(i+1, n, u.Name, p)
		data, err := os.ReadFile(filepath.Join(templates, name))
		if err != nil {
			return fmt.Errorf("读不了模板 %s：%v", name, err)
		}
		filled, err := fillReturn(c, p, u, data, i, i == absent-1 && n > 2)
		if err != nil {
			return err
		}
		sub := "按时"
		if i%2 == 1 {
			sub = "迟报"
		}
		path := filepath.Join(dir, sub, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := writeOutput(path, filled); err != nil {
			return err
		}
	}
	return nil
}

// demoAbsent is the index of the unit that sends nothing: the last, unless it alone
// carries every indicator of the period (lucheng-2021's 各街道办事处、镇人民政府, the
// 局 having tasks only) — then its absence would leave the demo's documents without a
// figure, and the unit before it stays away instead (and the one before that
// mistypes).
func demoAbsent(c *campaign.Campaign, p campaign.Period) int {
	n := len(c.Units)
	if n < 3 {
		return n - 1
	}
	last, others := 0, 0
	for i := range c.Indicators {
		in := &c.Indicators[i]
		for j, u := range c.Units {
			if c.Reports(in, u.Code, p) {
				if j == n-1 {
					last++
				} else {
					others++
				}
			}
		}
	}
	if last > 0 && others == 0 {
		return n - 2
	}
	return n - 1
}

// fillReturn types a plausible value into every value cell: the target scaled to the
// time elapsed and a unit-specific pace, a pace above or below target for rates, 完成
// for text targets; with mistakes, text in one number and a fraction in a count (or,
// for a unit without indicators, a status no task offers). Tasks get a status and a
// line of progress, lists a few invented rows (demo_projects.go).
func fillReturn(c *campaign.Campaign, p campaign.Period, u campaign.Unit, data []byte, i int, mistakes bool) ([]byte, error) {
	ret, err := workbook.ReadTemplate(data)
	if err != nil {
		return nil, err
	}
	pace := decimal.NewFromInt(int64(85 + (i*7)%30)).Shift(-2) // 0.85 … 1.14
	values := map[string]string{}
	wrong := 0
	for _, in := range ret.Metadata.Inputs {
		if in.Kind != workbook.InputValue {
			continue
		}
		ind, ok := c.Indicator(in.Key)
		if !ok {
			continue
		}
		if _, _, derived := c.RatioFeed(ind.ID); derived {
			continue // computed from the list's rows
		}
		key := in.Sheet + "!" + in.Ref
		t, span, hasTarget := c.TargetFor(ind, u.Code, p)
		switch {
		case t.Form == campaign.TargetText || ind.Kind == campaign.KindQualitative:
			values[key] = "完成"
		case mistakes && wrong == 0:
			values[key] = "约一百二十" // not a number
			wrong++
		case mistakes && wrong == 1 && ind.WholeNumbers():
			values[key] = "12.5" // a fraction of a firm
			wrong++
		case hasTarget && t.Form == campaign.TargetNumber:
			values[key] = simulatedValue(ind, t.Value, campaign.TimeProgress(span, p), pace)
		default:
			values[key] = simulatedValue(ind, decimal.NewFromInt(int64(40+i*3)), decimal.NewFromInt(1), pace)
		}
	}
	demoProjectRows(c, p, u, ret.Metadata.Inputs, i, values)
	demoTasks(ret.Metadata.Inputs, i, mistakes && wrong == 0, values)
	return workbook.FillInputs(data, values)
}

func simulatedValue(ind *campaign.Indicator, target, progress, pace decimal.Decimal) string {
	var v decimal.Decimal
	switch ind.Kind {
	case campaign.KindRate, campaign.KindChange:
		v = target.Add(pace.Sub(decimal.NewFromInt(1)).Mul(decimal.NewFromInt(10))) // ±1.5 pp
	case campaign.KindFlow:
		v = target.Mul(progress).Mul(pace)
	default:
		v = target.Mul(pace)
	}
	places := ind.Decimals
	if ind.WholeNumbers() {
		places = 0
	}
	return v.Round(places).String()
}

// simulatedClock is a clock stopped at a moment: on-time returns arrive two days
// before the deadline, late ones three days after.
func simulatedClock(deadline time.Time, late bool) func() time.Time {
	at := deadline.AddDate(0, 0, -2).Add(10 * time.Hour)
	if late {
		at = deadline.AddDate(0, 0, 3).Add(10 * time.Hour)
	}
	return func() time.Time { return at }
}
