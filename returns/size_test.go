package returns

import (
	"strings"
	"testing"
)

func TestTooLargeAndSkipped(t *testing.T) {
	tests := []struct {
		f    Finding
		code string
		want string
	}{
		{TooLarge(300<<20, 64<<20), CodeTooLarge, "文件有 300.0 MB，超过 64.0 MB 的上限"},
		{TooLarge(2048, 1024), CodeTooLarge, "文件有 2 KB，超过 1 KB 的上限"},
		{SkippedMember("路径含“..”，可能是恶意压缩包"), CodeSkipped, "没有取出这个文件：路径含“..”"},
	}
	for _, tt := range tests {
		if tt.f.Code != tt.code || tt.f.Severity != SeverityError || !strings.Contains(tt.f.Message, tt.want) {
			t.Errorf("%+v, want code %s and %q", tt.f, tt.code, tt.want)
		}
	}
}
