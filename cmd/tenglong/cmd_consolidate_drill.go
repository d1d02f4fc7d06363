package main

import (
	"fmt"

	"tenglong/campaign"
	"tenglong/store"
	"tenglong/workbook"
)

// drillJSON is `consolidate --drill --json`: the 明细 sheet of the unit's current
// accepted return, as the unit wrote it.
type drillJSON struct {
	Period  string     `json:"period"`
	Unit    string     `json:"unit"`
	Name    string     `json:"name"`
	SHA256  string     `json:"sha256"`
	Title   string     `json:"title"`
	Note    string     `json:"note"`
	Headers []string   `json:"headers"`
	Rows    [][]string `json:"rows"`
}

// drillRun shows the breakdown a county sent behind its figures (多级上报): the 明细
// sheet of its current accepted return, marked as the county's own figures. What the
// city consolidates is never read from it.
func drillRun(env *Env, opts *consolidateOptions) error {
	return withPeriodStoreReading(env, opts.Workspace, opts.Period, func(c *campaign.Campaign, p campaign.Period, db *store.Store) error {
		u, err := findUnit(c, opts.Drill)
		if err != nil {
			return err
		}
		current, err := db.Current(c.ID, p.String())
		if err != nil {
			return err
		}
		sha := ""
		for _, cur := range current {
			if cur.Unit == u.Code {
				sha = cur.SHA256
			}
		}
		if sha == "" {
			return fmt.Errorf("%s %s还没有已采用的报送，没有明细可看：请等它报送并被采用后再看（tenglong status --period %s 查看报送情况）", u.Name, p.Label(), p.String())
		}
		data, err := db.File(sha)
		if err != nil {
			return err
		}
		d, err := workbook.ReadDetailSheet(data)
		if err != nil {
			return fmt.Errorf("读取%s报送的明细表：%v", u.Name, err)
		}
		if d == nil {
			return fmt.Errorf("%s %s采用的报送（文件 %s）没有“明细”表：只有用 tenglong upward 填报的县、区报送才附下级单位明细", u.Name, p.Label(), sha[:12])
		}
		if opts.JSON {
			doc := drillJSON{Period: p.String(), Unit: u.Code, Name: u.Name, SHA256: sha, Title: d.Title, Note: d.Note,
				Headers: d.Headers, Rows: d.Rows}
			if doc.Headers == nil {
				doc.Headers = []string{}
			}
			if doc.Rows == nil {
				doc.Rows = [][]string{}
			}
			return writeJSON(env.Stdout, doc)
		}
		w := env.Stdout
		fmt.Fprintf(w, "%s %s 报送附来的下级单位明细（%s自己的数字，仅供参考；汇总采用的是它报送的合计数）\n", u.Name, p.Label(), u.Name)
		if d.Note != "" {
			fmt.Fprintln(w, d.Note)
		}
		t := newTable(d.Headers...)
		for _, r := range d.Rows {
			row := make([]string, len(d.Headers))
			copy(row, r)
			t.add(row...)
		}
		t.write(w)
		return nil
	})
}
