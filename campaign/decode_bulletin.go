package campaign

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Bulletin is the `bulletin:` block of campaign.yaml: how the bulletin (工作通报) and
// the notice letters are headed, signed and distributed. Every field is optional.
type Bulletin struct {
	Masthead  string // the red 版头, e.g. 工业稳进提质攻坚行动工作通报; default Title + 工作通报
	Title     string // the bulletin's title when not 关于<行动><期次>推进情况的通报; {期次} becomes the period
	To        string // 主送机关, e.g. 各区县人民政府，市级有关单位; default 发 (distribution.issue), else 各责任单位
	Issuer    string // 落款 and the issuer beside the date; default the campaign's issuer
	DocPrefix string // 文号 prefix of the notice letters, e.g. 湖攻坚办约 (→ 湖攻坚办约〔2023〕1号)
	Report    string // 报：whom the bulletin is reported to (leaders)
	Send      string // 送：
	Issue     string // 发：; default 各责任单位
	Line      int    `json:"-"`
}

func (d *decoder) bulletin(n *yaml.Node) *Bulletin {
	b := &Bulletin{Line: resolve(n).Line}
	d.object(n, "通报格式 bulletin", map[string]field{
		"masthead":   func(v *yaml.Node) { b.Masthead = d.str(v, "版头 masthead") },
		"issuer":     func(v *yaml.Node) { b.Issuer = d.str(v, "落款单位 issuer") },
		"doc_prefix": func(v *yaml.Node) { b.DocPrefix = d.str(v, "文号前缀 doc_prefix") },
		"title":      func(v *yaml.Node) { b.Title = d.str(v, "通报标题 title") },
		"to":         func(v *yaml.Node) { b.To = d.str(v, "主送机关 to") },
		"distribution": func(v *yaml.Node) {
			d.object(v, "分送范围 distribution", map[string]field{
				"report": func(v *yaml.Node) { b.Report = d.str(v, "报 report") },
				"send":   func(v *yaml.Node) { b.Send = d.str(v, "送 send") },
				"issue":  func(v *yaml.Node) { b.Issue = d.str(v, "发 issue") },
			})
		},
	})
	return b
}

// BulletinMasthead is the red 版头: bulletin.masthead, else the title and 工作通报
// when that fits on one line at 26 pt, else a shorter form (SuggestMasthead).
func (c *Campaign) BulletinMasthead() string {
	if c.Bulletin != nil && c.Bulletin.Masthead != "" {
		return c.Bulletin.Masthead
	}
	if full := ShortTitle(CampaignName(c.Title)) + "工作通报"; MastheadFits(full) {
		return full
	}
	return SuggestMasthead(c.Title)
}

// mastheadEms is how many characters of 一号 (26 pt, 9.17 mm) a 156 mm line holds:
// the masthead is never set smaller (GB/T 9704 asks for a large red 小标宋).
const mastheadEms = 17.0

// MastheadFits reports whether a masthead fits one line at 26 pt: Chinese
// characters and full-width marks are one em, ASCII half.
func MastheadFits(s string) bool {
	ems := 0.0
	for _, r := range s {
		if r < 0x2000 {
			ems += 0.5
		} else {
			ems++
		}
	}
	return ems <= mastheadEms
}

// planSuffix is what names a campaign's document rather than the campaign: a year's
// target table, action plan or implementation plan with its years.
var planSuffix = regexp.MustCompile(`(\d{4}年度?)?(目标体系表|行动计划|实施方案|工作方案|工作要点|任务清单)([(（][^()（）]*[)）])?$`)

// CampaignName is the campaign's name without the document it was defined in:
// …攻坚行动2023年目标体系表 → …攻坚行动, …工业强区建设2015年度行动计划 → …工业强区建设.
func CampaignName(title string) string {
	if n := planSuffix.ReplaceAllString(title, ""); utf8.RuneCountInString(n) >= 4 {
		return n
	}
	return title
}

// SuggestMasthead is a masthead that fits one line at 26 pt, made from the title:
// the quoted name with 工作通报, the name without 攻坚行动, the part after a
// bracketed place name, or at last the words closest to 工作通报.
func SuggestMasthead(title string) string {
	name := CampaignName(title)
	short := ShortTitle(name)
	var tries []string
	tries = append(tries, short, trimAction(short))
	if i := strings.Index(name, "“"); i >= 0 {
		if j := strings.Index(name[i:], "”"); j > 0 {
			tries = append(tries, name[i:i+j+len("”")])
		}
	}
	for _, close := range []string{"）", ")"} {
		if i := strings.LastIndex(name, close); i >= 0 && i+len(close) < len(name) {
			tries = append(tries, trimAction(name[i+len(close):]))
		}
	}
	for _, t := range tries {
		if t != "" && MastheadFits(t+"工作通报") {
			return t + "工作通报"
		}
	}
	rs := []rune(trimAction(short))
	return string(rs[max(0, len(rs)-int(mastheadEms)+4):]) + "工作通报"
}

// trimAction drops a trailing 攻坚行动 / 专项行动 / 行动.
func trimAction(s string) string {
	for _, w := range []string{"攻坚行动", "专项行动", "行动"} {
		if strings.HasSuffix(s, w) && utf8.RuneCountInString(s) > utf8.RuneCountInString(w)+2 {
			return strings.TrimSuffix(s, w)
		}
	}
	return s
}

// checkMasthead warns when the campaign's name, as a masthead, does not fit one line
// at 26 pt and bulletin.masthead does not say how to shorten it.
func (k *checker) checkMasthead() {
	c := k.c
	full := ShortTitle(CampaignName(c.Title)) + "工作通报"
	if c.Bulletin != nil && c.Bulletin.Masthead != "" {
		if !MastheadFits(c.Bulletin.Masthead) {
			k.probs.warnf(c.Bulletin.Line, "masthead-long", "通报版头“%s”用一号字（26磅）一行放不下，将分两行印；建议写短些，如 masthead: %s",
				c.Bulletin.Masthead, SuggestMasthead(c.Title))
		}
		return
	}
	if c.Title != "" && !MastheadFits(full) {
		k.probs.warnf(c.FieldLine("title"), "masthead-long", "通报版头“%s”用一号字（26磅）一行放不下，将印作“%s”；如要别的写法，请在 bulletin 下写 masthead: 版头名称",
			full, SuggestMasthead(c.Title))
	}
}

// ShortTitle is a campaign's name as a masthead prints it: from a quoted name
// (“腾笼换鸟、凤凰涅槃”攻坚行动) when the title has one, else the title.
func ShortTitle(title string) string {
	if i := strings.Index(title, "“"); i > 0 && strings.Contains(title[i:], "”") {
		return title[i:]
	}
	return title
}

// BulletinIssuer signs the bulletin and the notices: bulletin.issuer, else issuer,
// else a generic 办公室.
func (c *Campaign) BulletinIssuer() string {
	switch {
	case c.Bulletin != nil && c.Bulletin.Issuer != "":
		return c.Bulletin.Issuer
	case c.Issuer != "":
		return c.Issuer
	}
	return c.Title + "办公室"
}
