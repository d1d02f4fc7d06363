package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/upward"
)

// demoTownships are the townships the levels demo gives the county, with the weights
// its targets are split by: for 德清县 four of its real 街道 and 镇 (public names; the
// weights and figures are simulated), else clearly made-up ones.
func demoTownships(county campaign.Unit) ([]campaign.Unit, map[string]decimal.Decimal) {
	units := []campaign.Unit{{Code: "town-a", Name: "甲镇"}, {Code: "town-b", Name: "乙镇"}, {Code: "town-c", Name: "丙街道"}}
	weights := []int64{50, 30, 20}
	if county.Code == "deqing" {
		units = []campaign.Unit{{Code: "wukang", Name: "武康街道"}, {Code: "wuyang", Name: "舞阳街道"},
			{Code: "fuxi", Name: "阜溪街道"}, {Code: "xinshi", Name: "新市镇"}}
		weights = []int64{40, 25, 20, 15}
	}
	w := map[string]decimal.Decimal{}
	for i, u := range units {
		w[u.Code] = decimal.NewFromInt(weights[i])
	}
	return units, w
}

// demoLevelsRun is `demo --levels`: the 多级上报 chain on a seed. The city generates;
// its county (德清县 in huzhou-2023, else its first area unit) is initialised from
// its template, lists townships, generates, takes their simulated returns, enters its
// own figures, consolidates and fills the city's template (upward); the city ingests
// that return and shows the county's breakdown (consolidate --drill).
func demoLevelsRun(env *Env, opts *demoOptions) error {
	dir := opts.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "tenglong-demo-levels-")
		if err != nil {
			return fmt.Errorf("建不了临时目录：%v", err)
		}
		dir = tmp
	}
	w := env.Stdout
	cityDir := filepath.Join(dir, "市")
	step := func(n int, what string) { fmt.Fprintf(w, "\n==== 第 %d 步：%s ====\n", n, what) }
	step(1, fmt.Sprintf("市里建立工作目录、生成本期模板（tenglong init %s --seed %s；generate）", cityDir, opts.Seed))
	if err := initRun(env, &initOptions{Dir: cityDir, Seed: opts.Seed, Force: true}); err != nil {
		return err
	}
	city, err := loadCampaign(env, campaignPath(cityDir, ""))
	if err != nil {
		return err
	}
	county, ok := city.Unit("deqing")
	for _, u := range city.Units {
		if !ok && u.Kind == campaign.UnitArea {
			county, ok = u, true
		}
	}
	if !ok {
		return fmt.Errorf("种子 %s 没有区县一类的单位（kind: area），演示不了多级上报：请用 --seed huzhou-2023", opts.Seed)
	}
	period := city.CurrentPeriod(city.In(env.Now()))
	if err := generateRun(env, &generateOptions{Workspace: cityDir, Period: period.String()}); err != nil {
		return err
	}
	sent := filepath.Join(cityDir, templatesDir, period.String(), templateFileName(unitNumber(city, county.Code), len(city.Units), county.Name, period))
	template := filepath.Join(dir, county.Name+"-"+period.String()+".xlsx")
	data, err := os.ReadFile(sent)
	if err != nil {
		return fmt.Errorf("读不了市里发给%s的模板 %s：%v", county.Name, sent, err)
	}
	if err := writeOutput(template, data); err != nil {
		return err
	}

	countyDir := filepath.Join(dir, county.Name)
	step(2, fmt.Sprintf("%s用市里的模板建立本级工作目录（tenglong init %s --from-template %s）", county.Name, countyDir, template))
	if err := initRun(env, &initOptions{Dir: countyDir, FromTemplate: template, Force: true}); err != nil {
		return err
	}
	towns, weights := demoTownships(county)
	yamlPath := campaignPath(countyDir, "")
	yaml, err := os.ReadFile(yamlPath)
	if err != nil {
		return err
	}
	if yaml, err = upward.WithUnits(yaml, towns); err != nil {
		return err
	}
	withUnits, probs := campaign.Load(yaml)
	if probs.HasErrors() {
		return fmt.Errorf("列出乡镇街道后的 campaign.yaml 读不回来：%v", probs)
	}
	if yaml, err = upward.WithSplit(yaml, withUnits, weights); err != nil {
		return err
	}
	if err := writeOutput(yamlPath, yaml); err != nil {
		return err
	}
	fmt.Fprintf(w, "已在 %s 的 units 下列出 %d 个乡镇街道，并把市里下达的目标分解到各乡镇街道（演示用的比例 %s；相加的指标分解后之和等于市里下达的目标）\n",
		yamlPath, len(towns), demoShares(towns, weights))
	if err := checkRun(env, &checkOptions{Workspace: countyDir}); err != nil {
		return err
	}
	c, err := loadCampaign(env, yamlPath)
	if err != nil {
		return err
	}

	step(3, fmt.Sprintf("%s给乡镇街道生成模板，模拟各单位报回并回收（generate；ingest）", county.Name))
	if err := generateRun(env, &generateOptions{Workspace: countyDir, Period: period.String()}); err != nil {
		return err
	}
	returned := filepath.Join(countyDir, "回收", period.String())
	if err := os.MkdirAll(returned, 0o755); err != nil {
		return err
	}
	for i, u := range c.Units {
		name := templateFileName(i+1, len(c.Units), u.Name, period)
		data, err := os.ReadFile(filepath.Join(countyDir, templatesDir, period.String(), name))
		if err != nil {
			return fmt.Errorf("读不了模板 %s：%v", name, err)
		}
		filled, err := fillReturn(c, period, u, data, i, false)
		if err != nil {
			return err
		}
		if err := writeOutput(filepath.Join(returned, name), filled); err != nil {
			return err
		}
	}
	onTime := &Env{Stdout: env.Stdout, Stderr: env.Stderr, Now: simulatedClock(period.Deadline(c.Deadline), false)}
	if err := ingestRun(onTime, &ingestOptions{Workspace: countyDir, Paths: []string{returned}}); err != nil {
		return err
	}
	if err := demoTotals(env, c, period, countyDir); err != nil {
		return err
	}

	ret := filepath.Join(dir, county.Name+"-"+period.String()+"-报送.xlsx")
	step(4, fmt.Sprintf("%s汇总后填回市里的模板（tenglong -w %s upward --period %s --template %s -o %s）", county.Name, countyDir, period, template, ret))
	if err := upwardRun(env, &upwardOptions{Workspace: countyDir, Period: period.String(), Template: template, Output: ret}); err != nil {
		return err
	}

	step(5, fmt.Sprintf("市里回收%s的报送，查看它附来的乡镇明细（ingest；consolidate --drill %s）", county.Name, county.Name))
	cityOnTime := &Env{Stdout: env.Stdout, Stderr: env.Stderr, Now: simulatedClock(period.Deadline(city.Deadline), false)}
	if err := ingestRun(cityOnTime, &ingestOptions{Workspace: cityDir, Paths: []string{ret}}); err != nil {
		return err
	}
	if err := consolidateRun(env, &consolidateOptions{Workspace: cityDir, Period: period.String(), Drill: county.Name}); err != nil {
		return err
	}

	fmt.Fprintf(w, "\n多级上报演示完成。输出文件：\n")
	t := newTable("内容", "位置")
	t.add("市工作目录", cityDir)
	t.add("市发给"+county.Name+"的模板", template)
	t.add(county.Name+"工作目录", countyDir)
	t.add(county.Name+"的行动定义", yamlPath)
	t.add("乡镇街道模板", filepath.Join(countyDir, templatesDir, period.String()))
	t.add("乡镇街道报回", returned)
	t.add(county.Name+"向市里的报送", ret)
	t.write(w)
	return nil
}

// demoShares says the demo's split: 武康街道 40%、舞阳街道 25%….
func demoShares(units []campaign.Unit, weights map[string]decimal.Decimal) string {
	sum := decimal.Zero
	for _, u := range units {
		sum = sum.Add(weights[u.Code])
	}
	parts := make([]string, len(units))
	for i, u := range units {
		parts[i] = u.Name + " " + weights[u.Code].Mul(decimal.NewFromInt(100)).DivRound(sum, 0).String() + "%"
	}
	return strings.Join(parts, "、")
}

// unitNumber is a unit's 1-based place in the campaign (its template's NN).
func unitNumber(c *campaign.Campaign, code string) int {
	for i, u := range c.Units {
		if u.Code == code {
			return i + 1
		}
	}
	return 0
}
