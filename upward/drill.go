package upward

import (
	"fmt"

	"tenglong/campaign"
	"tenglong/store"
	"tenglong/workbook"
)

// Drill is the breakdown a county sent behind its figures: the 明细 sheet of its
// current accepted return, as the county wrote it (consolidate --drill --json). What
// the city consolidates is never read from it.
type Drill struct {
	Period  string     `json:"period"`
	Unit    string     `json:"unit"`
	Name    string     `json:"name"`
	SHA256  string     `json:"sha256"`
	Title   string     `json:"title"`
	Note    string     `json:"note"`
	Headers []string   `json:"headers"`
	Rows    [][]string `json:"rows"`
}

// ReadDrill picks unit u's current accepted submission of period p from the store and
// reads its 明细 sheet. Headers and Rows are never nil. A unit without an accepted
// return, or whose return has no 明细 sheet, is an error saying so in Chinese.
func ReadDrill(c *campaign.Campaign, db *store.Store, u campaign.Unit, p campaign.Period) (*Drill, error) {
	current, err := db.Current(c.ID, p.String())
	if err != nil {
		return nil, err
	}
	sha := ""
	for _, cur := range current {
		if cur.Unit == u.Code {
			sha = cur.SHA256
		}
	}
	if sha == "" {
		return nil, fmt.Errorf("%s %s还没有已采用的报送，没有明细可看：请等它报送并被采用后再看（tenglong status --period %s 查看报送情况）", u.Name, p.Label(), p.String())
	}
	data, err := db.File(sha)
	if err != nil {
		return nil, err
	}
	d, err := workbook.ReadDetailSheet(data)
	if err != nil {
		return nil, fmt.Errorf("读取%s报送的明细表：%v", u.Name, err)
	}
	if d == nil {
		return nil, fmt.Errorf("%s %s采用的报送（文件 %s）没有“明细”表：只有用 tenglong upward 填报的县、区报送才附下级单位明细", u.Name, p.Label(), sha[:12])
	}
	doc := &Drill{Period: p.String(), Unit: u.Code, Name: u.Name, SHA256: sha, Title: d.Title, Note: d.Note,
		Headers: d.Headers, Rows: d.Rows}
	if doc.Headers == nil {
		doc.Headers = []string{}
	}
	if doc.Rows == nil {
		doc.Rows = [][]string{}
	}
	return doc, nil
}
