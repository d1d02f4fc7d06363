package campaign

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// AllUnits is the TargetSet key of a target written once for every unit (and the total).
const AllUnits = "*"

var yamlLinePattern = regexp.MustCompile(`line (\d+)`)

// Load parses a campaign file. It always returns a campaign, as complete as the file
// allows, together with every problem found while reading it; callers decide whether
// problems of error severity stop them. Load never panics on bad input.
func Load(data []byte) (*Campaign, Problems) {
	if rest, lists, ok := splitStreamed(data); ok {
		if c, probs, ok := loadStreamed(rest, lists); ok {
			return c, probs
		}
	}
	return loadWhole(data)
}

func newCampaign() *Campaign {
	return &Campaign{Cadence: Quarterly, Deadline: 10, Thresholds: DefaultThresholds(), fingerprint: &fingerprintCache{}, units: &unitCache{}}
}

// loadStreamed decodes a campaign whose big lists were cut out of the text (see
// decode_stream.go); ok is false when it must be parsed whole instead.
func loadStreamed(rest []byte, lists map[string]*streamed) (*Campaign, Problems, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(rest, &doc); err != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, nil, false
	}
	d := &decoder{streams: map[*yaml.Node]*streamed{}}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		l, ok := lists[k.Value]
		if !ok || k.Kind != yaml.ScalarNode {
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag != "!!null" {
			return nil, nil, false
		}
		// The list's node as the whole parse makes it: where its first item is.
		v.Kind, v.Tag, v.Line, v.Column = yaml.SequenceNode, "!!seq", l.itemRow, l.indent+1
		d.streams[v] = l
		delete(lists, k.Value)
	}
	if len(lists) > 0 {
		return nil, nil, false
	}
	c := newCampaign()
	d.campaign(top, c)
	if d.streamFailed {
		return nil, nil, false
	}
	return c, d.probs, true
}

// loadWhole decodes the campaign from its whole node tree.
func loadWhole(data []byte) (*Campaign, Problems) {
	d := &decoder{}
	c := newCampaign()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d.probs = append(d.probs, syntaxProblem(err))
		return c, d.probs
	}
	if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		d.probs.errorf(0, "yaml-empty", "文件是空的：请写入攻坚行动的定义（可用 tenglong init 目录 --seed 种子 生成一份示例）")
		return c, d.probs
	}
	d.campaign(doc.Content[0], c)
	return c, d.probs
}

// syntaxProblem turns a YAML parser error into a Chinese problem with its line.
func syntaxProblem(err error) Problem {
	msg := err.Error()
	line := 0
	if m := yamlLinePattern.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msg = strings.Join(te.Errors, "；")
	}
	detail := strings.TrimPrefix(msg, "yaml: ")
	if i := strings.Index(detail, ": "); strings.HasPrefix(detail, "line ") && i > 0 {
		detail = detail[i+2:]
	}
	// yaml.v3 counts the lines of parser (not scanner) errors from 0: it names the
	// line before the collection that is left open, and no line when that is line 1.
	for _, p := range yamlParserProblems {
		if strings.HasPrefix(detail, p) {
			line++
			break
		}
	}
	for _, h := range syntaxHints {
		if strings.Contains(detail, h.english) {
			hint := h.chinese
			if m := yamlAnchorPattern.FindStringSubmatch(detail); m != nil {
				hint += "：*" + m[1]
			}
			return Problem{Code: "yaml-syntax", Severity: SeverityError, Line: line, Message: "YAML 格式错误：" + hint}
		}
	}
	return Problem{Code: "yaml-syntax", Severity: SeverityError, Line: line,
		Message: "YAML 格式错误（" + detail + "）：请检查缩进、冒号后的空格和括号是否成对"}
}

// yamlParserProblems are the complaints of yaml.v3's parser, whose lines count from 0.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
	"did not find expected <document start>", "did not find expected <stream-start>", "did not find expected key",
	"did not find expected node content", "found duplicate %TAG directive", "found duplicate %YAML directive",
	"found incompatible YAML document", "found undefined tag handle",
}

var yamlAnchorPattern = regexp.MustCompile(`^unknown anchor '(.*)' referenced`)

// syntaxHints translate the parser's common complaints for an office clerk.
var syntaxHints = []struct{ english, chinese string }{
	{"did not find expected ',' or ']'", "方括号 [ ] 没有成对，或列表项之间少了逗号"},
	{"did not find expected ',' or '}'", "花括号 { } 没有成对，或项之间少了逗号"},
	{"did not find expected key", "缩进没有对齐：同一层的项应从同一列开始"},
	{"mapping values are not allowed in this context", "这里不能出现“键: 值”：可能是缩进不对，或值里有冒号（值里有冒号请用英文双引号括起来）"},
	{"found a tab character", "有制表符（Tab）：缩进请只用空格"},
	{"found character that cannot start any token", "有不能出现在这里的字符（如制表符 Tab 或 @、`）：请改用空格，或把值用英文双引号括起来"},
	{"found unexpected end of stream", "文件意外结束：可能有引号没有成对"},
	{"could not find expected ':'", "缺少冒号“:”，或冒号后少了空格"},
	{"unknown anchor", "引用了没有定义的锚点（*名称）"},
}

// LoadAndCheck loads a campaign and, when the file could be parsed at all, runs every
// definition check on it: the problems `tenglong check` reports.
func LoadAndCheck(data []byte) (*Campaign, Problems) {
	c, probs := Load(data)
	for _, p := range probs {
		if p.Code == "yaml-syntax" || p.Code == "yaml-empty" {
			return c, probs
		}
	}
	return c, append(probs, Check(c)...)
}
