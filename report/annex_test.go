package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"tenglong/internal/testtool"
)

// A county's township breakdown (the 明细 its return carried) prints as an attachment
// after the interview list, named in 附件 with it, marked as the county's own figures;
// every township and figure reads back, and the Word model has the same table.
func TestBulletinTownshipAnnex(t *testing.T) {
	testtool.Need(t, "pdftotext", "poppler-utils")
	c := seed(t, "huzhou-2023")
	bc := bulletinFor(t, c, "2023Q3")
	if len(bc.iv) == 0 {
		t.Fatal("the case needs an interview list, to number the attachments")
	}
	annex := Annex{Unit: "德清县",
		Headers: []string{"指标", "计量单位", "武康街道", "舞阳街道", "阜溪街道", "新市镇", "上报数", "合计方式"},
		Rows: [][]string{{"高耗低效整治企业数", "家", "31", "22", "17", "9", "79", "4 个单位合计"},
			{"高耗低效整治腾出用地面积", "亩", "250.5", "180.25", "96", "40.75", "567.5", "4 个单位合计"},
			{"任务：全面排摸高耗低效企业", "状态", "推进中", "已完成", "推进中", "未报", "推进中", "按各单位状态"}}}
	var buf bytes.Buffer
	pages, model, err := BulletinDocument(&buf, Bulletin{Consolidation: bc.k, Scores: bc.s, Interviews: bc.iv, IssueNo: 3, Date: printed,
		Summary: "总体情况。", Annexes: []Annex{annex}})
	if err != nil {
		t.Fatal(err)
	}
	path := pdfFile(t, buf.Bytes())
	text := testtool.Run(t, "pdftotext", path, "-") // reading order: a wrapped cell's lines follow each other
	flat := strings.Join(strings.Fields(text), "")
	for _, want := range []string{"附件：1．2023年第三季度约谈名单", "2．德清县报送附来的下级单位明细", "附件2", "德清县报送附来的下级单位明细",
		"德清县自己的数字，仅供参考；汇总采用的是德清县报送的合计数", "武康街道", "新市镇", "180.25", "567.5", "4个单位合计", "全面排摸高耗低效企业", "按各单位状态"} {
		if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
			t.Errorf("the bulletin lacks %q", want)
		}
	}
	last := testtool.Run(t, "pdftotext", "-f", strconv.Itoa(pages), "-l", strconv.Itoa(pages), path, "-")
	if !strings.Contains(strings.Join(strings.Fields(last), ""), "抄送") && !strings.Contains(last, "印发") {
		t.Errorf("the imprint (版记) is not on the last page after the annex:\n%s", last)
	}
	var table *Table
	for i := range model.Blocks {
		if b := model.Blocks[i]; b.Table != nil && len(b.Table.Headers) > 0 && len(b.Table.Headers[0]) > 2 && b.Table.Headers[0][2].Text == "武康街道" {
			table = b.Table
		}
	}
	if table == nil || len(table.Rows) != 3 || table.Rows[1][5].Text != "40.75" {
		t.Errorf("the Word model has no annex table like the PDF's: %+v", table)
	}
}
