package report

import (
	"strings"
	"testing"
)

// Each role has its own built-in font, a TrueType subset well under 4 MB whose names
// carry no reserved font name of its source (OFL: "Source" for Noto CJK).
func TestBuiltinFontsByRole(t *testing.T) {
	want := map[Role]string{RoleTitle: "TenglongBiaoSong-Bold", RoleBody: "TenglongSong-Regular", RoleHei: "TenglongHei-Regular", RoleKai: "TenglongKai-Regular"}
	for _, role := range Roles {
		f := BuiltinFont(role)
		if f.Name != want[role] {
			t.Errorf("%s: built-in font %s, want %s", role.Label(), f.Name, want[role])
		}
		if len(f.Bytes) > 4<<20 {
			t.Errorf("%s: %d bytes", f.Name, len(f.Bytes))
		}
		if !f.Has('9') || !f.Has('仿') || !f.Has('〔') {
			t.Errorf("%s lacks digits, hanzi or 六角括号", f.Name)
		}
		if role == RoleKai {
			continue
		}
		naming := map[int]bool{1: true, 3: true, 4: true, 6: true, 16: true, 17: true}
		for _, r := range nameRecords(t, f.Bytes) {
			if naming[r.id] && (strings.Contains(strings.ToLower(r.text), "source") || strings.Contains(strings.ToLower(r.text), "noto")) {
				t.Errorf("%s name record %d is %q: a reserved font name", f.Name, r.id, r.text)
			}
		}
	}
}

func TestTitleLines(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"fits", "关于通报", 10, []string{"关于通报"}},
		{"after 关于 and before 推进情况, never in 培育",
			"关于2023年第三季度湖州市先进制造业集群培育工程推进情况的通报", 16,
			[]string{"关于2023年第三季度", "湖州市先进制造业集群培育工程", "推进情况的通报"}},
		{"balanced, after the quote's closing mark", "“腾笼换鸟、凤凰涅槃”攻坚行动推进情况的通报", 14,
			[]string{"“腾笼换鸟、凤凰涅槃”", "攻坚行动推进情况的通报"}},
		{"no phrase: plain wrapping", "一二三四五六七八", 4, []string{"一二三四", "五六七八"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := titleLines(tt.text, tt.width, cjkMeasure)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("titleLines = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGlueKeepsNamesWhole(t *testing.T) {
	text := glue("未报送1个（南太湖新区）。", []string{"南太湖新区"})
	lines := wrapText(text, 9, func(s string) float64 { return cjkMeasure(strings.ReplaceAll(s, wordJoiner, "")) })
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, wordJoiner, "")
	}
	if strings.Join(lines, "|") != "未报送1个|（南太湖新区）。" {
		t.Errorf("lines = %q", lines)
	}
}

func TestRankWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"综合得分60.00分，排名第4/4（末位），按默认方法计分", "综合得分60.00分，排名第4位（共4个单位，末位），按各项指标完成率综合计分"},
		{"排名第2/6", "排名第2位（共6个单位）"},
		{"未报送", "未报送"},
	}
	for _, tt := range tests {
		if got := RankWords(tt.in); got != tt.want {
			t.Errorf("RankWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSignedNeverMinusZero(t *testing.T) {
	for in, want := range map[string]string{"0.0": "0.0", "-0.0": "0.0", "0.1": "+0.1", "-1.5": "-1.5"} {
		if got := signed(in); got != want {
			t.Errorf("signed(%q) = %q, want %q", in, got, want)
		}
	}
}
