package campaign

import "testing"

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"规上工业增加值", "“规上工业增加值”"},
		{"“浙江制造”标准", "“浙江制造”标准"},
		{"新增“浙江制造”标准", "新增“浙江制造”标准"},
		{"品字标\"认证\"企业", "品字标\"认证\"企业"},
		{"", "“”"},
	} {
		if got := Quote(tc.name); got != tc.want {
			t.Errorf("Quote(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}
