package mail

import (
	"bytes"
	"encoding/base64"
	"io"
	"math/rand/v2"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"tenglong/internal/golden"
)

const huzhouSubject = "【德清县】2023年第三季度湖州市先进制造业集群培育工程和新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动数据填报模板（请于2023年10月10日前报送）"

// workbook is stand-in attachment bytes: every byte value, in a reproducible order.
func workbook(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := []byte("PK\x03\x04")
	for len(b) < n {
		b = append(b, byte(r.UintN(256)))
	}
	return b
}

var cst = time.FixedZone("CST", 8*3600)

func huzhouDraft() Draft {
	return Draft{
		From:      "湖州市制造业高质量发展领导小组办公室 <zgb@huzhou.gov.cn>",
		To:        "dqjxj@deqing.gov.cn",
		ToName:    "德清县经信局 张三",
		Subject:   huzhouSubject,
		Body:      "德清县：\n\n　　现将2023年第三季度数据填报模板发给你们。\n\n湖州市制造业高质量发展领导小组办公室\n",
		Date:      time.Date(2023, 10, 1, 9, 30, 0, 0, cst),
		MessageID: "2023Q3.deqing.huzhou-2023@tenglong",
		Attachment: Attachment{
			Name: "03-德清县-2023Q3.xlsx",
			Data: workbook(5000),
		},
	}
}

type address struct{ name, addr string }

var draftCases = []struct {
	name        string
	draft       Draft
	wantSubject string
	wantFrom    *address
	wantTo      []address // nil: no To header at all
	wantFile    string    // "": no attachment part
	wantType    string
}{
	{
		name:        "huzhou",
		draft:       huzhouDraft(),
		wantSubject: huzhouSubject,
		wantFrom:    &address{"湖州市制造业高质量发展领导小组办公室", "zgb@huzhou.gov.cn"},
		wantTo:      []address{{"德清县经信局 张三", "dqjxj@deqing.gov.cn"}},
		wantFile:    "03-德清县-2023Q3.xlsx",
		wantType:    XLSX,
	},
	{
		name: "no recipient",
		draft: Draft{ToName: "南浔区", Subject: "【南浔区】2023年第三季度填报模板", Body: "南浔区：\r\n请查收。",
			Attachment: Attachment{Name: "04-南浔区-2023Q3.xlsx", Data: workbook(100)}},
		wantSubject: "【南浔区】2023年第三季度填报模板",
		wantFile:    "04-南浔区-2023Q3.xlsx",
		wantType:    XLSX,
	},
	{
		name: "ascii, two recipients typed with a Chinese semicolon",
		draft: Draft{From: "office@example.cn", To: "a@example.cn；Li Si <b@example.cn>", ToName: "ignored for two",
			Subject: "Q3 2023 report template", Body: "Hello\rworld\n",
			Attachment: Attachment{Name: `C:\Users\clerk\"report" 2023.xlsx`, Data: workbook(57)}},
		wantSubject: "Q3 2023 report template",
		wantFrom:    &address{"", "office@example.cn"},
		wantTo:      []address{{"", "a@example.cn"}, {"Li Si", "b@example.cn"}},
		wantFile:    `"report" 2023.xlsx`,
		wantType:    XLSX,
	},
	{
		name: "name too long for one RFC 2231 line; emoji and a header injection in the subject",
		draft: Draft{To: "x@example.cn", Subject: "请查收🙂\r\nBcc: evil@example.com",
			Body:       strings.Repeat("长正文，", 200),
			Attachment: Attachment{Name: "05-" + strings.Repeat("某某乡镇街道", 20) + "-2023Q3.pdf", Data: workbook(3)}},
		wantSubject: "请查收🙂  Bcc: evil@example.com",
		wantTo:      []address{{"", "x@example.cn"}},
		wantFile:    "05-" + strings.Repeat("某某乡镇街道", 20) + "-2023Q3.pdf",
		wantType:    "application/pdf",
	},
	{
		name:        "invalid address and no attachment",
		draft:       Draft{From: "not an address", To: "张三@", Subject: "通知", Body: "正文"},
		wantSubject: "通知",
	},
	{
		name: "empty attachment with an explicit type",
		draft: Draft{To: "x@example.cn", ToName: "Zhang \"San\"", Subject: "", Body: "",
			Attachment: Attachment{Name: "空.csv", ContentType: "text/csv", Data: []byte{}}},
		wantSubject: "",
		wantTo:      []address{{`Zhang "San"`, "x@example.cn"}},
		wantFile:    "空.csv",
		wantType:    "text/csv",
	},
}

func TestDraftBytes(t *testing.T) {
	for _, tc := range draftCases {
		t.Run(tc.name, func(t *testing.T) {
			raw := tc.draft.Bytes()
			checkLines(t, raw)
			msg, err := netmail.ReadMessage(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			h := msg.Header
			var dec mime.WordDecoder
			if got := h.Get("X-Unsent"); got != "1" {
				t.Errorf("X-Unsent = %q", got)
			}
			if got := h.Get("MIME-Version"); got != "1.0" {
				t.Errorf("MIME-Version = %q", got)
			}
			if got, err := dec.DecodeHeader(h.Get("Subject")); err != nil || got != tc.wantSubject {
				t.Errorf("Subject = %q (%v), want %q", got, err, tc.wantSubject)
			}
			if len(h["Bcc"]) > 0 || len(h["Subject"]) != 1 {
				t.Errorf("a subject with a line break made headers: %q", h)
			}
			checkAddresses(t, h, "From", func() []address {
				if tc.wantFrom == nil {
					return nil
				}
				return []address{*tc.wantFrom}
			}())
			checkAddresses(t, h, "To", tc.wantTo)
			if d := tc.draft.Date; d.IsZero() {
				if _, ok := h["Date"]; ok {
					t.Errorf("zero Date, yet a Date header: %q", h.Get("Date"))
				}
			} else if got, err := h.Date(); err != nil || !got.Equal(d) {
				t.Errorf("Date = %v (%v), want %v", got, err, d)
			}

			mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
			if err != nil || mediaType != "multipart/mixed" {
				t.Fatalf("Content-Type %q: %v", h.Get("Content-Type"), err)
			}
			mr := multipart.NewReader(msg.Body, params["boundary"])
			text, err := mr.NextRawPart()
			if err != nil {
				t.Fatal(err)
			}
			if got := text.Header.Get("Content-Type"); got != "text/plain; charset=utf-8" {
				t.Errorf("text part Content-Type %q", got)
			}
			if got, want := string(decodeBase64Part(t, text)), crlfForTest(tc.draft.Body); got != want {
				t.Errorf("body = %q, want %q", got, want)
			}
			att, err := mr.NextRawPart()
			if tc.wantFile == "" {
				if err != io.EOF {
					t.Errorf("want no attachment part, got %v %v", att, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkAttachmentNames(t, att.Header, tc.wantFile, tc.wantType)
			if got := decodeBase64Part(t, att); !bytes.Equal(got, tc.draft.Attachment.Data) {
				t.Errorf("attachment bytes differ: %d bytes, want %d", len(got), len(tc.draft.Attachment.Data))
			}
			if _, err := mr.NextRawPart(); err != io.EOF {
				t.Errorf("want exactly two parts, then EOF; got %v", err)
			}
		})
	}
}

// checkLines: CRLF everywhere, no line over 998, header lines within 76 but for the
// two unfoldable atoms, base64 lines within 76.
func checkLines(t *testing.T, raw []byte) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) ||
		bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\r")) {
		t.Error("a bare LF or CR: every line must end in CRLF")
	}
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Error("the message does not end with CRLF")
	}
	inHeader := true
	b64 := regexp.MustCompile(`^[A-Za-z0-9+/]+=*$`)
	for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
		switch {
		case len(line) > 998:
			t.Errorf("line %d is %d long, over 998", i+1, len(line))
		case line == "":
			inHeader = false
		case strings.HasPrefix(line, "--"):
			inHeader = true // a boundary: part headers follow
		case inHeader && len(line) > maxLine &&
			!strings.HasPrefix(line, " filename*") && line != "Content-Type: "+XLSX+";":
			t.Errorf("header line %d is %d long: %q", i+1, len(line), line)
		case !inHeader && b64.MatchString(line) && len(line) > maxLine:
			t.Errorf("base64 line %d is %d long", i+1, len(line))
		}
	}
}

func checkAddresses(t *testing.T, h netmail.Header, key string, want []address) {
	t.Helper()
	if want == nil {
		if v, ok := h[key]; ok {
			t.Errorf("want no %s header, got %q", key, v)
		}
		return
	}
	list, err := h.AddressList(key)
	if err != nil {
		t.Fatalf("%s %q: %v", key, h.Get(key), err)
	}
	var got []address
	for _, a := range list {
		got = append(got, address{a.Name, a.Address})
	}
	if len(got) != len(want) {
		t.Fatalf("%s = %q, want %q", key, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s[%d] = %q, want %q", key, i, got[i], want[i])
		}
	}
}

// checkAttachmentNames reads the file name the three ways clients do: RFC 2231
// filename*, RFC 2047 inside filename="…" (Outlook), and Content-Type name.
func checkAttachmentNames(t *testing.T, h map[string][]string, want, wantType string) {
	t.Helper()
	var dec mime.WordDecoder
	cd := strings.Join(h["Content-Disposition"], "")
	disp, params, err := mime.ParseMediaType(cd)
	if err != nil || disp != "attachment" {
		t.Fatalf("Content-Disposition %q: %v", cd, err)
	}
	if strings.Contains(cd, "filename*") || needsEncoding(want) {
		// Go prefers filename* when both are there; drop the plain one to be sure.
		only2231 := regexp.MustCompile(`;\s*filename="[^"]*"`).ReplaceAllString(cd, "")
		if !strings.Contains(only2231, "filename*") {
			t.Fatalf("a non-ASCII name needs filename*: %q", cd)
		}
		_, p, err := mime.ParseMediaType(only2231)
		if err != nil || p["filename"] != want {
			t.Errorf("filename* = %q (%v), want %q", p["filename"], err, want)
		}
	} else if params["filename"] != want {
		t.Errorf("filename = %q, want %q", params["filename"], want)
	}
	plain := regexp.MustCompile(`filename="((?:[^"\\]|\\.)*)"`).FindStringSubmatch(cd)
	if plain == nil {
		t.Fatalf("no filename=\"…\" for clients that ignore RFC 2231: %q", cd)
	}
	unquoted := strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(plain[1])
	if got, err := dec.DecodeHeader(unquoted); err != nil || got != want {
		t.Errorf("filename=\"…\" decodes to %q (%v), want %q", got, err, want)
	}
	ct, ctParams, err := mime.ParseMediaType(strings.Join(h["Content-Type"], ""))
	if err != nil || ct != wantType {
		t.Errorf("attachment Content-Type %q (%v), want %q", ct, err, wantType)
	}
	if got, err := dec.DecodeHeader(ctParams["name"]); err != nil || got != want {
		t.Errorf("Content-Type name decodes to %q (%v), want %q", got, err, want)
	}
}

func decodeBase64Part(t *testing.T, p *multipart.Part) []byte {
	t.Helper()
	if got := p.Header.Get("Content-Transfer-Encoding"); got != "base64" {
		t.Errorf("Content-Transfer-Encoding %q", got)
	}
	b, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, p))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func crlfForTest(s string) string {
	return strings.NewReplacer("\r\n", "\r\n", "\r", "\r\n", "\n", "\r\n").Replace(s)
}

func TestDraftDeterministic(t *testing.T) {
	d := huzhouDraft()
	a, b := d.Bytes(), d.Bytes()
	if !bytes.Equal(a, b) {
		t.Fatal("the same draft gave different bytes")
	}
	golden.Check(t, filepath.Join("testdata", "huzhou.eml"), string(a))
	d.Attachment.Data = workbook(5001)
	if bytes.Equal(boundaryOf(a), boundaryOf(d.Bytes())) {
		t.Error("a different attachment kept the same boundary")
	}
}

func boundaryOf(raw []byte) []byte {
	return regexp.MustCompile(`boundary="([^"]+)"`).FindSubmatch(raw)[1]
}

func TestNoRecipientNoToHeader(t *testing.T) {
	for _, to := range []string{"", "  ", "；", "不是地址"} {
		raw := Draft{To: to, ToName: "德清县", Subject: "s"}.Bytes()
		if bytes.Contains(raw, []byte("\r\nTo:")) || bytes.HasPrefix(raw, []byte("To:")) {
			t.Errorf("To %q: the draft has a To header:\n%s", to, raw)
		}
	}
}

func TestParseRecipients(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"", nil, ""},
		{"a@x.cn", []string{"a@x.cn"}, ""},
		{" a@x.cn ; b@y.cn,c@z.cn ", []string{"a@x.cn", "b@y.cn", "c@z.cn"}, ""},
		{"a@x.cn，b@y.cn、c@z.cn；d@w.cn", []string{"a@x.cn", "b@y.cn", "c@z.cn", "d@w.cn"}, ""},
		{"张三 <a@x.cn>", []string{"a@x.cn"}, ""},
		{"a@x.cn；张三@", []string{"a@x.cn"}, "“张三@”"},
		{"0572-2222222", nil, "“0572-2222222”"},
	}
	for _, tt := range tests {
		got, err := ParseRecipients(tt.in)
		var addrs []string
		for _, a := range got {
			addrs = append(addrs, a.Address)
		}
		if strings.Join(addrs, " ") != strings.Join(tt.want, " ") {
			t.Errorf("ParseRecipients(%q) = %q, want %q", tt.in, addrs, tt.want)
		}
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("ParseRecipients(%q) error %v, want one naming %s", tt.in, err, tt.wantErr)
		}
	}
}

func TestDraftFileName(t *testing.T) {
	tests := []struct {
		nn           int
		unit, period string
		want         string
	}{
		{3, "德清县", "2023Q3", "03-德清县-2023Q3.eml"},
		{12, "南太湖新区", "2023-09", "12-南太湖新区-2023-09.eml"},
		{1300, "某镇", "2023", "1300-某镇-2023.eml"},
		{1, `经信局/发改局: "联合"<办>|?*`, "2023Q3", "01-经信局_发改局_ _联合__办____-2023Q3.eml"},
		{2, " 吴兴区.. ", "2023Q3", "02-吴兴区-2023Q3.eml"},
		{2, "a\tb\nc", "2023Q3", "02-a_b_c-2023Q3.eml"},
		{5, "", "", "05-_-_.eml"},
	}
	for _, tt := range tests {
		if got := DraftFileName(tt.nn, tt.unit, tt.period); got != tt.want {
			t.Errorf("DraftFileName(%d, %q, %q) = %q, want %q", tt.nn, tt.unit, tt.period, got, tt.want)
		}
	}
}
