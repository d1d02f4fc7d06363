package templates

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"tenglong/internal/golden"
)

var deqing = MailBody{
	Campaign:     "湖州市先进制造业集群培育工程和新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动",
	Issuer:       "湖州市制造业高质量发展领导小组办公室",
	Unit:         "德清县",
	Period:       "2023Q3",
	PeriodLabel:  "2023年第三季度",
	Deadline:     "2023年10月10日",
	FileName:     "03-德清县-2023Q3.xlsx",
	ContactName:  "王小明",
	ContactPhone: "0572-2222222",
	ContactEmail: "zgb@huzhou.gov.cn",
}

// The builtin wording, filled with the data variants generate produces: full contact,
// no contact (ask the issuer), and bare (no label, deadline, issuer).
func TestBuiltinGolden(t *testing.T) {
	noContact := deqing
	noContact.ContactName, noContact.ContactPhone, noContact.ContactEmail = "", "", ""
	emailOnly := noContact
	emailOnly.ContactEmail = "zgb@huzhou.gov.cn"
	bare := MailBody{Unit: "南浔区", Campaign: "某攻坚行动", Period: "2024", FileName: "02-南浔区-2024.xlsx"}
	variants := []struct {
		name string
		data MailBody
	}{{"full", deqing}, {"no-contact", noContact}, {"email-only", emailOnly}, {"bare", bare}}
	for _, name := range []string{"mail-body.txt", "mail-subject.txt"} {
		var b strings.Builder
		for _, v := range variants {
			out, err := Render("", name, v.data)
			if err != nil {
				t.Fatalf("%s/%s: %v", name, v.name, err)
			}
			b.WriteString("===== " + v.name + "\n" + out)
		}
		golden.Check(t, filepath.Join("testdata", name+".golden"), b.String())
	}
}

func TestMailBodyContent(t *testing.T) {
	body, err := Render("", "mail-body.txt", deqing)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"德清县：", deqing.Campaign, "2023年第三季度", "“03-德清县-2023Q3.xlsx”",
		"带底色的单元格", "目标值", ".xlsx", ".xls", ".et", "2023年10月10日", "王小明", "0572-2222222",
		"zgb@huzhou.gov.cn", "\n湖州市制造业高质量发展领导小组办公室\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	noContact := deqing
	noContact.ContactName, noContact.ContactPhone, noContact.ContactEmail = "", "", ""
	body, err = Render("", "mail-body.txt", noContact)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "请联系湖州市制造业高质量发展领导小组办公室。") {
		t.Errorf("without a contact the body should name the issuer:\n%s", body)
	}
	subject, err := Render("", "mail-subject.txt", deqing)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(strings.TrimSpace(subject), "\n") != 0 || !strings.Contains(subject, "德清县") || !strings.Contains(subject, "2023年第三季度") {
		t.Errorf("subject should be one line naming unit and period: %q", subject)
	}
}

func TestNames(t *testing.T) {
	if got, want := Names(), []string{"bulletin-summary.txt", "interview-notice.txt", "mail-body.txt", "mail-subject.txt", "remind-after.txt", "remind-before.txt", "remind-subject.txt", "return-body.txt", "return-subject.txt", "upward-body.txt", "upward-subject.txt"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	for _, name := range Names() {
		if _, err := Builtin(name); err != nil {
			t.Errorf("Builtin(%q): %v", name, err)
		}
	}
}

// workspace makes a workspace whose templates/ folder holds the given files.
func workspace(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if files == nil {
		return dir
	}
	if err := os.Mkdir(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, "templates", name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRender(t *testing.T) {
	builtinBody, err := Render("", "mail-body.txt", deqing)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		files     map[string]string // workspace templates/; nil = no folder at all
		noWS      bool              // empty workspaceDir
		template  string
		want      string   // exact output, when no error
		wantErr   []string // substrings of the error
		wantFile  string   // File() of the loaded template: "override" or "builtin"
		errorLine int
	}{
		{name: "no workspace", noWS: true, template: "mail-body.txt", want: builtinBody, wantFile: "builtin"},
		{name: "workspace without templates folder", files: nil, template: "mail-body.txt", want: builtinBody, wantFile: "builtin"},
		{name: "override of another template only", files: map[string]string{"mail-subject.txt": "x"},
			template: "mail-body.txt", want: builtinBody, wantFile: "builtin"},
		{name: "override present", files: map[string]string{"mail-body.txt": "{{.Unit}}同志：\n请于{{.Deadline}}前报送。\n"},
			template: "mail-body.txt", want: "德清县同志：\n请于2023年10月10日前报送。\n", wantFile: "override"},
		{name: "override saved by Notepad: BOM and CRLF", files: map[string]string{"mail-body.txt": "\ufeff{{.Unit}}：\r\n附件：{{.FileName}}\r\n"},
			template: "mail-body.txt", want: "德清县：\n附件：03-德清县-2023Q3.xlsx\n", wantFile: "override"},
		{name: "override of a template that is not builtin", files: map[string]string{"extra.txt": "{{.Issuer}}"},
			template: "extra.txt", want: deqing.Issuer, wantFile: "override"},
		{name: "override with an unclosed action", files: map[string]string{"mail-body.txt": "{{.Unit}}：\n\n请于{{.Deadline\n"},
			template: "mail-body.txt", wantErr: []string{"mail-body.txt", "第 3 行", "没有配对"}, errorLine: 3},
		{name: "override with a single closing brace", files: map[string]string{"mail-body.txt": "{{.Unit}}：\n请于{{.Deadline}前报送\n"},
			template: "mail-body.txt", wantErr: []string{"mail-body.txt", "第 2 行", "成对"}, errorLine: 2},
		{name: "override with a word inside braces", files: map[string]string{"mail-body.txt": "{{.Unit}}：\n请于{{.Deadline 前报送\n"},
			template: "mail-body.txt", wantErr: []string{"第 2 行", "“前报送”既不是字段也不是函数"}, errorLine: 2},
		{name: "override with a missing end", files: map[string]string{"mail-body.txt": "{{if .Deadline}}\n截止{{.Deadline}}\n"},
			template: "mail-body.txt", wantErr: []string{"mail-body.txt", "{{end}}"}},
		{name: "override with an extra end", files: map[string]string{"mail-body.txt": "a\nb\n{{end}}"},
			template: "mail-body.txt", wantErr: []string{"第 3 行", "多出一个 {{end}}"}, errorLine: 3},
		{name: "override with a field name typo", files: map[string]string{"mail-body.txt": "{{.Unit}}：\n{{.Dealine}}\n"},
			template: "mail-body.txt", wantErr: []string{"mail-body.txt", "第 2 行", "没有名为 .Dealine 的字段", ".Deadline"}, errorLine: 2},
		{name: "override with a field without dot", files: map[string]string{"mail-body.txt": "{{Unit}}"},
			template: "mail-body.txt", wantErr: []string{"第 1 行", "“Unit”既不是字段也不是函数", "{{.Unit}}"}, errorLine: 1},
		{name: "override saved in GBK", files: map[string]string{"mail-body.txt": "\xb5\xc2\xc7\xe5{{.Unit}}"},
			template: "mail-body.txt", wantErr: []string{"mail-body.txt", "UTF-8"}},
		{name: "unknown template", noWS: true, template: "nope.txt", wantErr: []string{"没有名为“nope.txt”的内置模板", "mail-body.txt"}},
		{name: "name leaving the folder", noWS: true, template: "../campaign.yaml", wantErr: []string{"不合法"}},
		{name: "empty name", noWS: true, template: "", wantErr: []string{"不合法"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := ""
			if !tt.noWS {
				ws = workspace(t, tt.files)
			}
			got, err := Render(ws, tt.template, deqing)
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("want an error, got output %q", got)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q lacks %q", err, w)
					}
				}
				var te *Error
				if errors.As(err, &te) {
					if !strings.HasPrefix(te.File, filepath.Join(ws, "templates")) || ws == "" {
						t.Errorf("error names %q, want the override's path", te.File)
					}
					if tt.errorLine != 0 && te.Line != tt.errorLine {
						t.Errorf("error line %d, want %d", te.Line, tt.errorLine)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			tmpl, err := Load(ws, tt.template)
			if err != nil {
				t.Fatal(err)
			}
			isOverride := strings.HasPrefix(tmpl.File(), filepath.Join(ws, "templates")) && ws != ""
			if (tt.wantFile == "override") != isOverride {
				t.Errorf("File() = %q, want the %s", tmpl.File(), tt.wantFile)
			}
		})
	}
}

// An unreadable override is an error, not a silent fall back to the builtin wording.
func TestUnreadableOverride(t *testing.T) {
	ws := workspace(t, map[string]string{})
	// A directory where the file should be cannot be read on any OS, even as root.
	if err := os.Mkdir(filepath.Join(ws, "templates", "mail-body.txt"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Render(ws, "mail-body.txt", deqing)
	if err == nil || !strings.Contains(err.Error(), "无法读取") {
		t.Errorf("want 无法读取, got %v", err)
	}
}

func mustDate(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestBulletinSummaryGolden fills the bulletin's 一、总体情况 with a full and a bare
// period.
func TestBulletinSummaryGolden(t *testing.T) {
	full := BulletinSummary{
		Campaign: "湖州市先进制造业集群培育工程和新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动", Issuer: "湖州市制造业高质量发展领导小组办公室",
		PeriodLabel: "2023年第三季度", Deadline: "2023年10月10日",
		Units: 6, OnTime: 3, Late: 1, Rejected: 1, Missing: 1, LateUnits: "南浔区", RejectedUnits: "安吉县", MissingUnits: "南太湖新区",
		Indicators: 16, Green: 9, Yellow: 3, Red: 2, Pending: 2, NoTotal: 1, Without: 2, RedIndicators: "高耗低效整治企业数、腾出用地面积",
		Highlights: []string{"高耗低效整治企业数完成871家，完成率72.6%。"},
		Method:     "默认方法", MethodText: "按各项指标完成率综合计分（各项分值相同，合计100分）", DefaultMethod: true, First: "长兴县", FirstPoints: "100.00", Last: "安吉县、南太湖新区", LastPoints: "0.00",
		ComparedPeriod: "2023年第二季度", Up: "德清县", UpBy: 2, Down: "吴兴区", DownBy: 1,
		Interviews: 2, InterviewUnits: "安吉县、南太湖新区", Lists: "高耗低效整治企业清单", ListRows: 120, ListDuplicates: 2,
		TasksLed: 10, TasksDone: 4, TasksBehind: 1, TasksUnreported: 2,
	}
	bare := BulletinSummary{Campaign: "某攻坚行动", PeriodLabel: "2024年", Units: 4, OnTime: 4, Indicators: 3, Green: 3,
		Method: "考核评价办法", First: "星海街道", FirstPoints: "98.50", Last: "天河街道", LastPoints: "61.20"}
	var b strings.Builder
	for _, v := range []struct {
		name string
		data BulletinSummary
	}{{"full", full}, {"bare", bare}} {
		out, err := Render("", "bulletin-summary.txt", v.data)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		b.WriteString("===== " + v.name + "\n" + out)
	}
	golden.Check(t, filepath.Join("testdata", "bulletin-summary.txt.golden"), b.String())
}

// TestInterviewNoticeGolden fills a notice with the meeting's time and place given
// and left blank for hand filling.
func TestInterviewNoticeGolden(t *testing.T) {
	n := InterviewNotice{Unit: "南太湖新区", Campaign: "某攻坚行动", Issuer: "湖州市制造业高质量发展领导小组办公室", PeriodLabel: "2023年第三季度",
		Reasons: []NoticeReason{{Reason: "培育推进慢的区县", Figures: "综合得分0.00分，排名第6/6（末位）"}, {Reason: "未按时报送", Figures: "截至目前未报送2023年第三季度数据"}},
		Date:    "2023年10月20日"}
	given := n
	given.Time, given.Place, given.Attendees, given.Contact = "2023年10月25日上午9时", "市经信局301会议室", "区分管负责人", "王小明 0572-2222222"
	var b strings.Builder
	for _, v := range []struct {
		name string
		data InterviewNotice
	}{{"blank", n}, {"given", given}} {
		out, err := Render("", "interview-notice.txt", v.data)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		b.WriteString("===== " + v.name + "\n" + out)
	}
	golden.Check(t, filepath.Join("testdata", "interview-notice.txt.golden"), b.String())
}
