package campaign

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// Bulletin is the `bulletin:` block of campaign.yaml: how the bulletin (工作通报) and
// the notice letters are headed, signed and distributed. Every field is optional.
type Bulletin struct {
	Masthead  string // the red 版头, e.g. 工业稳进提质攻坚行动工作通报; default Title + 工作通报
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

// BulletinMasthead is the red 版头: bulletin.masthead, else the title and 工作通报.
func (c *Campaign) BulletinMasthead() string {
	if c.Bulletin != nil && c.Bulletin.Masthead != "" {
		return c.Bulletin.Masthead
	}
	return ShortTitle(c.Title) + "工作通报"
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
