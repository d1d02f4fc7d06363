package returns

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/workbook"
)

// signedTemplate writes east's 2023Q3 template signed with key and reads it back.
func signedTemplate(t *testing.T, c *campaign.Campaign, key []byte) *workbook.Return {
	t.Helper()
	u, _ := c.Unit("east")
	p, _ := c.ReportingPeriod("2023Q3")
	data, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(c.Deadline),
		Generated: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC), Password: c.ID, SigningKey: key})
	if err != nil {
		t.Fatal(err)
	}
	ret, err := workbook.ReadTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	return ret
}

// The signature covers every field and input address of the metadata; the visible
// titles must name the metadata's unit and period.
func TestSignatureAndTitles(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	key := []byte("0123456789abcdef0123456789abcdef")
	for _, tc := range []struct {
		name   string
		key    []byte // the workspace's key at check time
		change func(r *workbook.Return)
		want   []string // codes of error findings, in order
		words  []string // the first error's message contains these
		sheet  string   // and sits on this sheet ("" for the file)
	}{
		{name: "genuine", key: key},
		{name: "no key to hand: not checked", key: nil, change: func(r *workbook.Return) { r.Metadata.Signature = "" }},
		{name: "unit changed to the neighbour", key: key, change: func(r *workbook.Return) { r.Metadata.Unit, r.Metadata.UnitName = "west", "西城区" },
			want: []string{CodeSignatureInvalid}, words: []string{"西城区（west）", "被改动过", "下载/使用本次下发的模板重新填报"}},
		{name: "period changed", key: key, change: func(r *workbook.Return) { r.Metadata.Period = "2023Q2" },
			want: []string{CodeSignatureInvalid}, words: []string{"2023Q2"}},
		{name: "an input moved", key: key, change: func(r *workbook.Return) { r.Metadata.Inputs[0].Ref = "Z99" },
			want: []string{CodeSignatureInvalid}},
		{name: "fingerprint changed", key: key, change: func(r *workbook.Return) { r.Metadata.Fingerprint += "0" },
			want: []string{CodeSignatureInvalid}},
		{name: "forged signature", key: key, change: func(r *workbook.Return) { r.Metadata.Signature = strings.Repeat("ab", 32) },
			want: []string{CodeSignatureInvalid}},
		{name: "signature not hex", key: key, change: func(r *workbook.Return) { r.Metadata.Signature = "伪造" },
			want: []string{CodeSignatureInvalid}},
		{name: "unsigned", key: key, change: func(r *workbook.Return) { r.Metadata.Signature = "" },
			want: []string{CodeSignatureInvalid}, words: []string{"没有本办公室的签名", "东城区（east）"}},
		{name: "another workspace's key", key: []byte("another office's key of 32 bytes"),
			want: []string{CodeSignatureInvalid}},
		{name: "indicator title re-typed", key: key, change: func(r *workbook.Return) { setTitle(r, "A1", "西城区 2023年第三季度 指标填报表") },
			want: []string{CodeTitleMismatch}, sheet: "指标填报", words: []string{"“西城区 2023年第三季度 指标填报表”", "东城区 2023年第三季度"}},
		{name: "guide unit re-typed", key: key, change: func(r *workbook.Return) { setTitle(r, "B3", "西城区") },
			want: []string{CodeTitleMismatch}, sheet: "填报说明", words: []string{"“西城区”", "东城区"}},
		{name: "guide period re-typed", key: key, change: func(r *workbook.Return) { setTitle(r, "B4", "2023年第二季度（数据截至 2023年6月30日）") },
			want: []string{CodeTitleMismatch}, sheet: "填报说明", words: []string{"2023年第二季度", "2023年第三季度"}},
		{name: "subtitle unit re-typed", key: key,
			change: func(r *workbook.Return) {
				setTitle(r, "A2", "填报单位：西城区    期次：2023年第三季度    报送截止：2023-10-10    只填浅黄色格子")
			},
			want: []string{CodeTitleMismatch}, sheet: "指标填报", words: []string{"填报单位：西城区", "东城区 2023年第三季度"}},
		{name: "subtitle period re-typed", key: key,
			change: func(r *workbook.Return) {
				setTitle(r, "A2", "填报单位：东城区    期次：2023年第四季度")
			},
			want: []string{CodeTitleMismatch}, sheet: "指标填报", words: []string{"2023年第四季度"}},
		{name: "subtitle cleared", key: key, change: func(r *workbook.Return) { setTitle(r, "A2", "") },
			want: []string{CodeTitleMismatch}, sheet: "指标填报", words: []string{"空的"}},
		{name: "title cleared", key: key, change: func(r *workbook.Return) { setTitle(r, "A1", "") },
			want: []string{CodeTitleMismatch}, sheet: "指标填报", words: []string{"空的"}},
		{name: "rebuilt from the visible title: nothing to verify", key: key,
			change: func(r *workbook.Return) { r.Rebuilt, r.Metadata.Signature, r.Titles = true, "", nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ret := signedTemplate(t, c, key)
			if len(ret.Titles) != 4 || ret.Metadata.Signature == "" {
				t.Fatalf("read back: titles %+v, signature %q", ret.Titles, ret.Metadata.Signature)
			}
			if tc.change != nil {
				tc.change(ret)
			}
			r := Check(c, ret, Context{Key: tc.key})
			// Handed the caller's verification (intake's prejudge), Prepare finds the same.
			signed := tc.key != nil && ret.Metadata.SignedBy(tc.key)
			if again := PrepareSigned(c, ret, tc.key, signed).Finish(Context{Key: tc.key}); !reflect.DeepEqual(again, r) {
				t.Errorf("PrepareSigned(%v) = %v, Check = %v", signed, again.Findings, r.Findings)
			}
			var got []string
			var first *Finding
			for i, f := range r.Findings {
				if f.Severity == SeverityError && f.Code != CodeNothingFilled { // a blank template: not this test's concern
					got = append(got, f.Code)
					if first == nil {
						first = &r.Findings[i]
					}
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("errors %v, want %v: %v", got, tc.want, r.Findings)
			}
			if first == nil {
				if r.Unit.Code != "east" || len(r.Values) == 0 {
					t.Errorf("unit %q with %d values, want east's", r.Unit.Code, len(r.Values))
				}
				return
			}
			if first.Sheet != tc.sheet {
				t.Errorf("finding on sheet %q, want %q", first.Sheet, tc.sheet)
			}
			for _, w := range tc.words {
				if !strings.Contains(first.Message, w) {
					t.Errorf("message %q lacks %q", first.Message, w)
				}
			}
			if len(r.Values) != 0 {
				t.Errorf("%d values read from a return that failed identification", len(r.Values))
			}
		})
	}
}

func setTitle(r *workbook.Return, cell, text string) {
	for i := range r.Titles {
		if r.Titles[i].Cell == cell {
			r.Titles[i] = r.Titles[i].Retyped(text)
		}
	}
}
