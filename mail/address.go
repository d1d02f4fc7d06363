package mail

import (
	"fmt"
	netmail "net/mail"
	"strings"
)

// ParseRecipients reads the address field of a campaign contact: one address, or several
// separated by commas, semicolons or 、 (full-width too, as typed in Chinese), each
// optionally as "Name <address>". It returns the addresses that parse and, when some do
// not, an error naming them; Draft.Bytes writes only the ones that parse. An empty s is
// no recipient and no error.
func ParseRecipients(s string) ([]*netmail.Address, error) {
	var (
		good []*netmail.Address
		bad  []string
	)
	for _, part := range strings.FieldsFunc(oneLine(s), func(r rune) bool {
		return strings.ContainsRune(",;，；、", r)
	}) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		a, err := netmail.ParseAddress(part)
		if err != nil {
			bad = append(bad, "“"+part+"”")
			continue
		}
		good = append(good, a)
	}
	if len(bad) > 0 {
		return good, fmt.Errorf("邮箱地址 %s 格式不对，应当形如 name@example.gov.cn", strings.Join(bad, "、"))
	}
	return good, nil
}
