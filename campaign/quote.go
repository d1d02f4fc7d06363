package campaign

import "strings"

// Quote is a name (an indicator's, a list's or a column's, the campaign's title) in
// “” for a message, as a clerk writes it: a name that already has quote marks of its
// own — “浙江制造”标准, 新增“浙江制造”标准 — is written as it is, never wrapped again
// into ““浙江制造”标准”.
func Quote(name string) string {
	if strings.ContainsAny(name, "“”\"「」『』") {
		return name
	}
	return "“" + name + "”"
}
