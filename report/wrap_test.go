package report

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// cjkMeasure measures text as a monospaced CJK font would: a CJK character is 1
// wide, anything else 0.5.
func cjkMeasure(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x2E80 {
			w++
		} else {
			w += 0.5
		}
	}
	return w
}

func TestWrapText(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		want  []string
	}{
		{"plain CJK breaks anywhere", "一二三四五六七", 3, []string{"一二三", "四五六", "七"}},
		{"comma never starts a line", "一二三，四五", 3, []string{"一二", "三，四", "五"}},
		{"closing marks carry a character", "一二三。”四五", 3, []string{"一二", "三。”", "四五"}},
		{"opening bracket never ends a line", "一二（三四）五", 3, []string{"一二", "（三", "四）五"}},
		{"numbers stay whole", "完成率101.25%，较上期", 6, []string{"完成率", "101.25%，较", "上期"}},
		{"period code stays whole", "2023Q3期次报送", 5, []string{"2023Q3期次", "报送"}},
		{"newline starts a line", "一二\n三", 5, []string{"一二", "三"}},
		{"long Latin split by characters", "abcdefghij", 2, []string{"abcd", "efgh", "ij"}},
		{"lone mark hangs", "一，", 1, []string{"一，"}},
		{"empty", "", 3, []string{""}},
		{"number keeps its measure", "亩均税收为201万元/亩", 7.5, []string{"亩均税收为", "201万元/亩"}},
		{"no line of only 点。", "提高1.5个百分点。", 7, []string{"提高", "1.5个百分点。"}},
		{"第 stays with its number", "排名第4位", 3.5, []string{"排名", "第4位"}},
		{"spaces dropped at line starts", "ab cd ef", 1.5, []string{"ab", "cd", "ef"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapText(tt.text, tt.width, cjkMeasure)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrapText(%q, %v) = %q, want %q", tt.text, tt.width, got, tt.want)
			}
		})
	}
}

// TestWrapKeepsEveryCharacter wraps real paragraphs at many widths: the lines joined
// are the text, no line starts with closing punctuation or ends with opening
// punctuation, and none is wider than the width unless it is a single unbreakable
// piece or ends with a hanging mark.
func TestWrapKeepsEveryCharacter(t *testing.T) {
	text := "2023年第三季度，全市6个区县应报送数据，按时报送4个、迟报1个，未报送1个（南太湖新区）。" +
		"从汇总情况看，16项主要指标中，9项达到序时进度（绿灯），4项略有滞后（黄灯），3项明显滞后（红灯）：" +
		"“高耗低效整治企业数”完成871家，完成率72.6%；“腾出用地面积”完成7,215亩。"
	for width := 3.0; width <= 30; width += 0.5 {
		lines := wrapText(text, width, cjkMeasure)
		if got := strings.Join(lines, ""); got != text {
			t.Fatalf("width %v: lost characters:\n%q\n%q", width, got, text)
		}
		for i, l := range lines {
			first, _ := utf8.DecodeRuneInString(l)
			last, _ := utf8.DecodeLastRuneInString(l)
			if i > 0 && strings.ContainsRune(noLineStart, first) && utf8.RuneCountInString(lines[i-1]) > 1 {
				t.Errorf("width %v line %d starts with %q: %q", width, i, first, lines)
			}
			if i < len(lines)-1 && strings.ContainsRune(noLineEnd, last) && utf8.RuneCountInString(l) > 1 {
				t.Errorf("width %v line %d ends with %q: %q", width, i, last, lines)
			}
			if w := cjkMeasure(l); w > width+1 {
				t.Errorf("width %v line %d is %v wide: %q", width, i, w, l)
			}
		}
	}
}

func FuzzWrapText(f *testing.F) {
	f.Add("一二三，四五（六）七。”八", 3.0)
	f.Add("完成率101.25%，较上期↑2", 4.5)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if width < 1 || width > 1000 || !utf8.ValidString(text) {
			return
		}
		lines := wrapText(text, width, cjkMeasure)
		joined := strings.Join(lines, "\n")
		strip := func(s string) string {
			return strings.Map(func(r rune) rune {
				if r == ' ' || r == '\t' || r == '\n' {
					return -1
				}
				return r
			}, s)
		}
		if strip(joined) != strip(text) {
			t.Fatalf("characters lost: %q -> %q", text, lines)
		}
	})
}

// TestTitleNeverBreaksAQuotation: a title breaks between phrases, never inside
// “腾笼换鸟、凤凰涅槃”.
func TestTitleNeverBreaksAQuotation(t *testing.T) {
	title := "关于嵊州市新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动2023年第三季度推进情况的通报"
	for _, width := range []float64{14, 16, 18, 20, 22} {
		for _, l := range titleLines(title, width, cjkMeasure) {
			if strings.Count(l, "“") != strings.Count(l, "”") {
				t.Errorf("width %v: a line breaks the quotation: %q", width, l)
			}
		}
	}
}

func TestZhText(t *testing.T) {
	for in, want := range map[string]string{
		"集聚区(温州经济技术开发区)工业": "集聚区（温州经济技术开发区）工业",
		"实施方案(2021-2023)":  "实施方案（2021-2023）",
		"a (1) b":          "a (1) b",
		"工业强镇(街道)建设":       "工业强镇（街道）建设",
	} {
		if got := zhText(in); got != want {
			t.Errorf("zhText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGlossary: the prepared glossary joins exactly what trying every word in
// order did (glueEach, the algorithm before it), names inside names, names a
// joined name breaks, repeated and bracketed names included.
func TestGlossary(t *testing.T) {
	names := []string{"东城", "东城街道", "城街", "道口", "南太湖新区", "新区", "太湖", "湖", "第1乡镇", "第11乡镇", "乡镇",
		"吴兴区(开发区)", "吴兴区", "德清县", "德清县", "很长很长的单位名称", "安吉"}
	parts := []string{"东城", "街道", "口", "南太湖新区", "（", "）", "(开发区)", "吴兴区", "第1", "1乡镇", "乡镇", "德清县",
		"，", "未报送", "安", "吉", "很长很长的单位名称", "湖"}
	g := newGlossary(names)
	rng := rand.New(rand.NewPCG(21, 6))
	for i := 0; i < 5000; i++ {
		var b strings.Builder
		for n := rng.IntN(8); n >= 0; n-- {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		text := b.String()
		if got, want := g.glue(text), glueEach(text, names); got != want {
			t.Fatalf("%q: %q, want %q", text, strings.ReplaceAll(got, wordJoiner, "|"), strings.ReplaceAll(want, wordJoiner, "|"))
		}
	}
	if got := (*glossary)(nil).glue("东城街道"); got != "东城街道" {
		t.Errorf("no glossary: %q", got)
	}
}

// glueEach is glue as it was: every word tried in order on the text so far.
func glueEach(text string, words []string) string {
	for _, w := range words {
		w = zhText(w)
		if len([]rune(w)) < 2 || len([]rune(w)) > maxGlued || !strings.Contains(text, w) {
			continue
		}
		rs := []rune(w)
		var b strings.Builder
		for i, r := range rs {
			if i > 0 {
				b.WriteString(wordJoiner)
			}
			b.WriteRune(r)
		}
		text = strings.ReplaceAll(text, w, b.String())
	}
	return text
}
