package returns

import (
	"bytes"
	"testing"
)

var (
	ole       = append(append([]byte{}, oleMagic...), bytes.Repeat([]byte{0}, 100)...)
	encrypted = append(append([]byte{}, ole...), utf16("EncryptedPackage")...)
)

var sniffCases = []struct {
	name string
	data []byte
	code string
	has  string
}{
	{"01-吴兴区-2023Q3.xlsx", []byte("PK\x03\x04rest"), "", ""},
	{"a.xlsx", nil, CodeNotWorkbook, "0 字节"},
	{"a.xls", ole, CodeOldExcel, ".xls"},
	{"a.xlsx", ole, CodeOldExcel, "内容却是"},
	{"a.xlsx", encrypted, CodeEncrypted, "密码"},
	{"a.et", []byte("PK\x03\x04"), CodeWPSFormat, "WPS"},
	{"a.XLSM", []byte("PK\x03\x04"), CodeMacroWorkbook, "不予打开"},
	{"a.xlsx", []byte("单位,本期值\n吴兴区,12\n"), CodeNotWorkbook, "CSV"},
}

func TestSniff(t *testing.T) {
	for _, tt := range sniffCases {
		f := Sniff(tt.name, tt.data)
		switch {
		case tt.code == "" && f != nil:
			t.Errorf("%s: unexpected %v", tt.name, f)
		case tt.code != "" && (f == nil || f.Code != tt.code || f.Severity != SeverityError || !bytes.Contains([]byte(f.Message), []byte(tt.has))):
			t.Errorf("%s: got %+v, want %s mentioning %q", tt.name, f, tt.code, tt.has)
		}
	}
}

func TestNotTemplate(t *testing.T) {
	f := NotTemplate()
	if f.Code != CodeNotTemplate || f.Severity != SeverityError || !bytes.Contains([]byte(f.Message), []byte("模板")) {
		t.Errorf("%+v", f)
	}
}
