package campaign

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// decoder walks a YAML node tree by hand rather than unmarshalling into structs, so
// that every problem — a wrong type, an unknown key, a bad number — is reported in
// Chinese with its line, all of them in one pass, and none of them panics.
type decoder struct {
	probs Problems
	// streams are the top-level lists whose items are parsed as they are decoded
	// (decode_stream.go); streamFailed is set when one did not parse on its own.
	streams      map[*yaml.Node]*streamed
	streamFailed bool
	// flows are target mappings left empty in the tree, read from their text by
	// targetSet (decode_flow.go).
	flows map[*yaml.Node]*flowMap
	// interned holds one copy of each unit code that keys targets: 100 indicators
	// name the same 5,000 codes.
	interned map[string]string
	// pool shares the targets' numbers and the targets themselves (decode_share.go).
	pool targetPool
}

// intern returns one shared copy of s.
func (d *decoder) intern(s string) string {
	if v, ok := d.interned[s]; ok {
		return v
	}
	if d.interned == nil {
		d.interned = map[string]string{}
	}
	s = strings.Clone(s) // not a slice of a line of targets, which would stay with it
	d.interned[s] = s
	return s
}

func (d *decoder) keepFlow(n *yaml.Node, f *flowMap) {
	if d.flows == nil {
		d.flows = map[*yaml.Node]*flowMap{}
	}
	d.flows[n] = f
}

// field handles the value node of one known key of a mapping.
type field func(v *yaml.Node)

// resolve follows YAML aliases (*anchor) to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func nodeKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "键值映射"
	case yaml.SequenceNode:
		return "列表"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "空值"
		}
		return fmt.Sprintf("“%s”", n.Value)
	}
	return "未知内容"
}

// object decodes a mapping: known keys go to their handler in file order, unknown keys
// and missing required keys are errors. It returns the keys that were present.
func (d *decoder) object(n *yaml.Node, what string, fields map[string]field, required ...string) map[string]*yaml.Node {
	n = resolve(n)
	seen := map[string]*yaml.Node{}
	if n == nil {
		return seen
	}
	if n.Kind != yaml.MappingNode {
		d.probs.errorf(n.Line, "yaml-type", "%s应写成“键: 值”的映射（如 {id: …, name: …}），这里却是%s", what, nodeKindName(n))
		return seen
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		key := k.Value
		if _, dup := seen[key]; dup {
			d.probs.errorf(k.Line, "yaml-duplicate-key", "%s里“%s”写了两次，请删去一处", what, key)
			continue
		}
		seen[key] = v
		h, ok := fields[key]
		if !ok {
			d.probs.errorf(k.Line, "yaml-unknown-key", "%s里没有“%s”这一项%s。可用的项：%s", what, key, suggest(key, fields), strings.Join(sortedKeys(fields), "、"))
			continue
		}
		h(v)
	}
	for _, r := range required {
		if _, ok := seen[r]; !ok {
			d.probs.errorf(n.Line, "yaml-missing-key", "%s缺少必填项“%s”", what, r)
		}
	}
	return seen
}

func sortedKeys(m map[string]field) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// suggest names the known key closest to a misspelt one.
func suggest(key string, fields map[string]field) string {
	best, bestDist := "", 3
	for _, k := range sortedKeys(fields) {
		if dist := editDistance(strings.ToLower(key), k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("（是不是想写“%s”？）", best)
}

// editDistance counts the edits between a and b, a swap of two neighbours (nmae) as one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	var before []int
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], before[j-2]+1)
			}
		}
		before, prev = prev, cur
	}
	return prev[len(rb)]
}

// each decodes a sequence, calling item for every element.
func (d *decoder) each(n *yaml.Node, what string, item func(i int, v *yaml.Node)) {
	n = resolve(n)
	if l, ok := d.streams[n]; ok {
		if !d.streamFailed && !l.items(d, item) {
			d.streamFailed = true
		}
		return
	}
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.probs.errorf(n.Line, "yaml-type", "%s应写成列表（每项以“- ”开头），这里却是%s", what, nodeKindName(n))
		return
	}
	for i, v := range n.Content {
		item(i, resolve(v))
	}
}

func (d *decoder) scalar(n *yaml.Node, what string) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		d.probs.errorf(n.Line, "yaml-type", "%s应是一个值，这里却是%s", what, nodeKindName(n))
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return n.Value, true
}

func (d *decoder) str(n *yaml.Node, what string) string {
	s, _ := d.scalar(n, what)
	if r, bad := FirstUnsafe(s); bad {
		// Names travel into templates, mails, PDFs and terminals: a control or
		// direction character there would hide or rewrite what is shown. The message
		// quotes the text without it, so that it cannot act on the terminal either.
		s = stripUnsafe(s)
		d.probs.errorf(resolve(n).Line, "control-char",
			"%s“%s”里有看不见的控制字符（%s，终端转义、响铃、退格、回车或文字方向控制符之类）：请删去后重新输入这段文字", what, strings.TrimSpace(s), RuneName(r))
	}
	return strings.TrimSpace(s)
}

// stripUnsafe drops unsafe characters, so that a refused name printed in later
// messages of the same check cannot act on the terminal either.
func stripUnsafe(s string) string {
	return strings.Map(func(r rune) rune {
		if Unsafe(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
}

// decimal reads a number from its literal text, never through float64, so that 0.1
// stays exactly 0.1.
func (d *decoder) decimal(n *yaml.Node, what string) (decimal.Decimal, bool) {
	x, ok := d.number(n, what)
	return x.value, ok
}

// number is decimal with the number's text as written (trimmed), shared (parseNumber).
func (d *decoder) number(n *yaml.Node, what string) (number, bool) {
	s, ok := d.scalar(n, what)
	if !ok {
		return number{value: decimal.Zero}, false
	}
	if strings.TrimSpace(s) == "" {
		d.probs.errorf(resolve(n).Line, "yaml-number", "%s没有填写：请写成 12、0.5、-3 这样的数值，不需要就删去这一项", what)
		return number{value: decimal.Zero}, false
	}
	x, err := d.parseNumber(s)
	if err != nil {
		d.probs.errorf(resolve(n).Line, "yaml-number", "%s“%s”不是数字，请写成 12、0.5、-3 这样的数值", what, s)
		return number{value: decimal.Zero}, false
	}
	return x, true
}

func parseDecimal(s string) (decimal.Decimal, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "xXoObB_") || strings.HasPrefix(s, ".") {
		return decimal.Zero, fmt.Errorf("not a decimal: %q", s)
	}
	return decimal.NewFromString(s)
}

func (d *decoder) decimalPtr(n *yaml.Node, what string) *decimal.Decimal {
	if v, ok := d.decimal(n, what); ok {
		return &v
	}
	return nil
}

func (d *decoder) integer(n *yaml.Node, what string) (int, bool) {
	s, ok := d.scalar(n, what)
	if !ok {
		return 0, false
	}
	if strings.TrimSpace(s) == "" {
		d.probs.errorf(resolve(n).Line, "yaml-integer", "%s没有填写：请写成 10 这样的整数，不需要就删去这一项", what)
		return 0, false
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		d.probs.errorf(resolve(n).Line, "yaml-integer", "%s“%s”不是整数，请写成 10 这样的整数", what, s)
		return 0, false
	}
	return v, true
}

func (d *decoder) boolean(n *yaml.Node, what string) bool {
	s, ok := d.scalar(n, what)
	if !ok {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "是":
		return true
	case "false", "no", "否", "":
		return false
	}
	d.probs.errorf(resolve(n).Line, "yaml-bool", "%s“%s”应写 true 或 false", what, s)
	return false
}

// oneOf reads a value that must be one of the allowed words.
func (d *decoder) oneOf(n *yaml.Node, what string, allowed ...string) string {
	s := d.str(n, what)
	for _, a := range allowed {
		if s == a {
			return s
		}
	}
	d.probs.errorf(resolve(n).Line, "yaml-enum", "%s“%s”无法识别，可选：%s", what, s, strings.Join(allowed, "、"))
	return ""
}

// strings reads a list of values; a single value is taken as a one-item list.
func (d *decoder) strList(n *yaml.Node, what string) []string {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode {
		if s := d.str(n, what); s != "" {
			return []string{s}
		}
		return nil
	}
	var out []string
	d.each(n, what, func(_ int, v *yaml.Node) {
		if s := d.str(v, what); s != "" {
			out = append(out, s)
		}
	})
	return out
}

// stringMap reads {column: value} pairs.
func (d *decoder) stringMap(n *yaml.Node, what string) map[string]string {
	n = resolve(n)
	out := map[string]string{}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return out
	}
	if n.Kind != yaml.MappingNode {
		d.probs.errorf(n.Line, "yaml-type", "%s应写成 {列: 值} 的映射，这里却是%s", what, nodeKindName(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		if _, dup := out[k.Value]; dup {
			d.probs.errorf(k.Line, "yaml-duplicate-key", "%s里“%s”写了两次，请删去一处", what, k.Value)
			continue
		}
		out[k.Value] = d.str(n.Content[i+1], what)
	}
	return out
}

func (d *decoder) date(n *yaml.Node, what string) *time.Time {
	s := d.str(n, what)
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		d.probs.errorf(resolve(n).Line, "yaml-date", "%s“%s”不是日期，请写成 2021-11-30 这样的 年-月-日", what, s)
		return nil
	}
	return &t
}

func (d *decoder) yearMonth(n *yaml.Node, what string) YearMonth {
	s := d.str(n, what)
	m, err := ParseYearMonth(s)
	if err != nil {
		d.probs.errorf(resolve(n).Line, "yaml-month", "%s：%v", what, err)
	}
	return m
}
