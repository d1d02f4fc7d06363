package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"tenglong/internal/golden"
	"tenglong/internal/testtool"
)

// file is stand-in attachment bytes, different for each seed: a zip's magic, then
// every byte value in a reproducible order.
func file(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := []byte("PK\x03\x04")
	for len(b) < n {
		b = append(b, byte(r.UintN(256)))
	}
	return b[:n]
}

// gbkCSV is a CSV line in GBK, long enough for quoted-printable soft line breaks, with
// "=", tabs and a trailing space that quoted-printable must escape.
var gbkCSV = append(bytes.Repeat(mustHex("b5a5cebb2cd6b5bcc6a3ba3d2c09b1b8d7a220"), 12), " end "...)

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

// pyFiles are the attachments the Python writer is given, by index.
var pyFiles = [][]byte{
	file(1, 30000), file(2, 4000), file(3, 7777), file(4, 50001), // workbooks
	gbkCSV,                          // 4: a CSV in GBK
	mustHex("89504e470d0a1a0a0000"), // 5: a PNG's first bytes
	file(6, 12345),                  // 6
}

// writeMails is Python's email package, an independent writer, writing each case's
// mail. random is seeded so the boundaries, and so the mails, are the same each run.
const writeMails = `
import base64, json, random, sys
import email.policy, email.utils
from datetime import datetime, timedelta, timezone
from email import encoders
from email.charset import Charset, QP
from email.header import Header
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

random.seed(20231009)
files = [base64.b64decode(x) for x in json.load(open(sys.argv[1]))]
CST = timezone(timedelta(hours=8))
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DATE = email.utils.format_datetime(datetime(2023, 10, 9, 16, 5, 7, tzinfo=CST))

def modern(subject, date=DATE, frm="德清县经信局 张三 <dqjxj@deqing.gov.cn>"):
    m = EmailMessage()
    m["From"] = frm
    m["To"] = "湖州市经信局 <zgb@huzhou.gov.cn>"
    m["Subject"] = subject
    if date:
        m["Date"] = date
    return m

def legacy(subject, charset="gbk", sub="mixed"):
    m = MIMEMultipart(sub)
    m["From"] = email.utils.formataddr(("德清县经信局", "dqjxj@deqing.gov.cn"), charset=charset)
    m["To"] = "zgb@huzhou.gov.cn"
    m["Subject"] = Header(subject, charset)
    m["Date"] = DATE
    return m

def xlsx(data):
    p = MIMEBase(*XLSX)
    p.set_payload(data)
    encoders.encode_base64(p)
    return p

def one():
    m = modern("德清县2023年第三季度数据")
    m.set_content("您好，数据见附件。\n")
    m.add_attachment(files[0], *XLSX, filename="03-德清县-2023Q3.xlsx")
    return m, email.policy.default

def several():
    m = modern("吴兴区、南浔区、长兴县数据")
    m.set_content("三个附件。\n")
    m.add_attachment(files[1], *XLSX, filename="01-吴兴区-2023Q3.xlsx")
    m.add_attachment(files[2], *XLSX, filename="02-南浔区-2023Q3.xlsx")
    m.add_attachment(files[3], *XLSX, filename="05-长兴县经济和信息化局关于2023年第三季度先进制造业集群培育工程数据填报的报送表（定稿）.xlsx")
    m.add_attachment(files[6], *XLSX, filename="summary.xlsx")
    return m, email.policy.SMTP

def gbk2231():
    m = legacy("德清县数据报送")
    m.attach(MIMEText("数据见附件。", "plain", "gbk"))
    p = xlsx(files[0])
    p["Content-Disposition"] = "attachment; filename*=" + email.utils.encode_rfc2231("德清县-2023Q3.xlsx", "gbk")
    m.attach(p)
    return m, email.policy.compat32

def gbk2047():
    gb2312 = Charset("gb2312")
    gb2312.header_encoding = QP
    m = legacy("安吉县数据报送")
    m.replace_header("Subject", Header("安吉县第三季度数据报送", gb2312))
    m.attach(MIMEText("数据见附件。", "plain", "gbk"))
    p = xlsx(files[1])
    name = Header("安吉县2023年第三季度数据.xlsx", "gbk").encode()
    p.set_param("name", name)
    p.add_header("Content-Disposition", "attachment", filename=name)
    m.attach(p)
    p = xlsx(files[2])
    p.add_header("Content-Disposition", "attachment", filename=Header("𠮷野-长兴县.xlsx", "gb18030").encode())
    m.attach(p)
    return m, email.policy.compat32

def qp():
    m = legacy("湖州市数据", charset="utf-8")
    utf8 = Charset("utf-8")
    utf8.body_encoding = QP
    m.attach(MIMEText("您好：\n　　数据见附件，=号和末尾空格 \n都要转义。\n", "plain", utf8))
    m.attach(xlsx(files[0]))
    m.get_payload()[-1].add_header("Content-Disposition", "attachment", filename="湖州市汇总.xlsx")
    c = MIMEBase("text", "csv", charset="gbk")
    c.set_payload(files[4])
    encoders.encode_quopri(c)
    c.add_header("Content-Disposition", "attachment", filename="清单.csv")
    m.attach(c)
    return m, email.policy.compat32.clone(linesep="\r\n")

def forwarded():
    inner = modern("Fwd 原件：德清县数据", date=email.utils.format_datetime(datetime(2023, 10, 8, 9, 0, 0, tzinfo=CST)))
    inner.set_content("原邮件\n")
    inner.add_attachment(files[0], *XLSX, filename="03-德清县-2023Q3.xlsx")
    middle = MIMEMultipart(policy=email.policy.default)
    middle["Subject"] = "转发"
    middle["Date"] = "Sun, 08 Oct 2023 10:00:00 +0800"
    middle.attach(MIMEText("再转一次", "plain", "utf-8", policy=email.policy.default))
    middle.attach(MIMEMessage(inner, policy=email.policy.default))
    m = modern("转发：德清县数据")
    m.set_content("请查收转发的邮件。\n")
    m.add_attachment(inner)
    m.add_attachment(files[1], *XLSX, filename="补充.xlsx")
    m.add_attachment(middle)
    return m, email.policy.default

def inline():
    m = modern("带图片的邮件")
    m.set_content("见图和附件\n")
    m.add_alternative('<p>见图 <img src="cid:logo@deqing"></p>', subtype="html")
    m.get_payload()[1].add_related(files[5], "image", "png", cid="<logo@deqing>", filename="image001.png")
    m.add_attachment(files[0], *XLSX, filename="03-德清县-2023Q3.xlsx")
    return m, email.policy.default

def signed():
    inner = MIMEMultipart()
    inner.attach(MIMEText("签名邮件", "plain", "utf-8"))
    p = xlsx(files[0])
    p.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "德清县.xlsx"))
    inner.attach(p)
    sig = MIMEApplication(b"0\x82\x01\x00fake", "pkcs7-signature", name="smime.p7s")
    sig.add_header("Content-Disposition", "attachment", filename="smime.p7s")
    m = legacy("签名的报送邮件", charset="utf-8", sub="signed")
    m.set_param("protocol", "application/pkcs7-signature")
    m.set_param("micalg", "sha-256")
    m.attach(inner)
    m.attach(sig)
    return m, email.policy.compat32

def nodate():
    m = modern("没有日期的邮件", date=None)
    m.set_content("草稿\n")
    m.add_attachment(files[2], *XLSX, filename="无日期.xlsx")
    return m, email.policy.default

out = {}
for name in sys.argv[2:]:
    m, policy = globals()[name]()
    out[name] = base64.b64encode(m.as_bytes(policy=policy)).decode()
print(json.dumps(out))
`

// pythonMails runs writeMails for the named cases.
func pythonMails(t testing.TB, names ...string) map[string][]byte {
	t.Helper()
	python := testtool.Python(t, "email")
	files := make([]string, len(pyFiles))
	for i, f := range pyFiles {
		files[i] = base64.StdEncoding.EncodeToString(f)
	}
	in, _ := json.Marshal(files)
	path := filepath.Join(t.TempDir(), "files.json")
	if err := os.WriteFile(path, in, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, append([]string{"-c", writeMails, path}, names...)...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("python3: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var enc map[string]string
	if err := json.Unmarshal(out, &enc); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	mails := map[string][]byte{}
	for k, v := range enc {
		if mails[k], err = base64.StdEncoding.DecodeString(v); err != nil {
			t.Fatal(err)
		}
	}
	return mails
}

var china8 = time.FixedZone("", 8*3600)

// pyDate is the Date every Python-written mail has, unless its case says otherwise.
var pyDate = time.Date(2023, 10, 9, 16, 5, 7, 0, china8)

type wantAttachment struct {
	name string
	data []byte
}

var pyCases = []struct {
	name    string
	lim     Limits
	from    string
	subject string
	noDate  bool
	want    []wantAttachment
	skipped []string // substrings, one per note
}{
	{name: "one", subject: "德清县2023年第三季度数据", from: "德清县经信局 张三 <dqjxj@deqing.gov.cn>",
		want: []wantAttachment{{"03-德清县-2023Q3.xlsx", pyFiles[0]}}},
	{name: "several", subject: "吴兴区、南浔区、长兴县数据", from: "德清县经信局 张三 <dqjxj@deqing.gov.cn>",
		want: []wantAttachment{
			{"01-吴兴区-2023Q3.xlsx", pyFiles[1]},
			{"02-南浔区-2023Q3.xlsx", pyFiles[2]},
			{"05-长兴县经济和信息化局关于2023年第三季度先进制造业集群培育工程数据填报的报送表（定稿）.xlsx", pyFiles[3]},
			{"summary.xlsx", pyFiles[6]},
		}},
	// The third workbook is over what is left of the cap, the fourth still fits.
	{name: "several", lim: Limits{MaxTotal: int64(len(pyFiles[1]) + len(pyFiles[2]) + len(pyFiles[6]))},
		subject: "吴兴区、南浔区、长兴县数据", from: "德清县经信局 张三 <dqjxj@deqing.gov.cn>",
		want: []wantAttachment{
			{"01-吴兴区-2023Q3.xlsx", pyFiles[1]},
			{"02-南浔区-2023Q3.xlsx", pyFiles[2]},
			{"summary.xlsx", pyFiles[6]},
		},
		skipped: []string{"附件“05-长兴县经济和信息化局关于2023年第三季度先进制造业集群培育工程数据填报的报送表（定稿）.xlsx”解码后有 48.8 KB，超过一封邮件可取出的 23.6 KB 上限（已取出 11.5 KB），没有取出"}},
	{name: "gbk2231", subject: "德清县数据报送", from: "德清县经信局 <dqjxj@deqing.gov.cn>",
		want: []wantAttachment{{"德清县-2023Q3.xlsx", pyFiles[0]}}},
	{name: "gbk2047", subject: "安吉县第三季度数据报送", from: "德清县经信局 <dqjxj@deqing.gov.cn>",
		want: []wantAttachment{{"安吉县2023年第三季度数据.xlsx", pyFiles[1]}, {"𠮷野-长兴县.xlsx", pyFiles[2]}}},
	{name: "qp", subject: "湖州市数据", from: "德清县经信局 <dqjxj@deqing.gov.cn>",
		want: []wantAttachment{{"湖州市汇总.xlsx", pyFiles[0]}, {"清单.csv", pyFiles[4]}}},
	{name: "forwarded", subject: "转发：德清县数据", from: "德清县经信局 张三 <dqjxj@deqing.gov.cn>",
		want: []wantAttachment{
			{"03-德清县-2023Q3.xlsx", pyFiles[0]},
			{"补充.xlsx", pyFiles[1]},
			{"03-德清县-2023Q3.xlsx", pyFiles[0]},
		}},
	// A forwarded mail is read in place: only the attachments count against the cap.
	{name: "forwarded", lim: Limits{MaxTotal: int64(2*len(pyFiles[0]) + len(pyFiles[1]))},
		subject: "转发：德清县数据", from: "德清县经信局 张三 <dqjxj@deqing.gov.cn>",
		want: []wantAttachment{
			{"03-德清县-2023Q3.xlsx", pyFiles[0]},
			{"补充.xlsx", pyFiles[1]},
			{"03-德清县-2023Q3.xlsx", pyFiles[0]},
		}},
	// Too deep: the outer mail, the forwarded one, its multipart: the workbook inside it
	// is at the fourth level.
	{name: "forwarded", lim: Limits{MaxDepth: 2}, subject: "转发：德清县数据", from: "德清县经信局 张三 <dqjxj@deqing.gov.cn>",
		want:    []wantAttachment{{"补充.xlsx", pyFiles[1]}},
		skipped: []string{"邮件嵌套（转发或多部分）超过 2 层，更深的内容没有读取"}},
	{name: "inline", subject: "带图片的邮件", from: "德清县经信局 张三 <dqjxj@deqing.gov.cn>",
		want: []wantAttachment{{"03-德清县-2023Q3.xlsx", pyFiles[0]}}},
	{name: "signed", subject: "签名的报送邮件", from: "德清县经信局 <dqjxj@deqing.gov.cn>",
		want: []wantAttachment{{"德清县.xlsx", pyFiles[0]}}},
	{name: "nodate", subject: "没有日期的邮件", from: "德清县经信局 张三 <dqjxj@deqing.gov.cn>", noDate: true,
		want: []wantAttachment{{"无日期.xlsx", pyFiles[2]}}},
}

func TestReadSavedPythonMails(t *testing.T) {
	var names []string
	for _, tc := range pyCases {
		names = append(names, tc.name)
	}
	mails := pythonMails(t, names...)
	for _, tc := range pyCases {
		t.Run(fmt.Sprintf("%s/%+v", tc.name, tc.lim), func(t *testing.T) {
			s, err := ReadSaved(mails[tc.name], tc.lim)
			if err != nil {
				t.Fatalf("%v\n%s", err, mails[tc.name])
			}
			date := pyDate
			if tc.noDate {
				date = time.Time{}
			}
			checkSaved(t, s, tc.from, tc.subject, date, tc.want, tc.skipped)
		})
	}
}

func checkSaved(t *testing.T, s *Saved, from, subject string, date time.Time, want []wantAttachment, skipped []string) {
	t.Helper()
	if s.From != from {
		t.Errorf("From = %q, want %q", s.From, from)
	}
	if s.Subject != subject {
		t.Errorf("Subject = %q, want %q", s.Subject, subject)
	}
	if s.HasDate != !date.IsZero() || !s.Date.Equal(date) {
		t.Errorf("Date = %v (HasDate %v), want %v", s.Date, s.HasDate, date)
	}
	if _, got := s.Date.Zone(); !date.IsZero() {
		if _, w := date.Zone(); got != w {
			t.Errorf("Date zone offset %d, want %d", got, w)
		}
	}
	var got []string
	for _, a := range s.Attachments {
		got = append(got, fmt.Sprintf("%s %d %s", a.Name, len(a.Data), sum(a.Data)))
	}
	var wantS []string
	for _, a := range want {
		wantS = append(wantS, fmt.Sprintf("%s %d %s", a.name, len(a.data), sum(a.data)))
	}
	if strings.Join(got, "\n") != strings.Join(wantS, "\n") {
		t.Errorf("attachments (name size sha256):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantS, "\n"))
	}
	if len(s.Skipped) != len(skipped) {
		t.Errorf("Skipped = %q, want notes containing %q", s.Skipped, skipped)
	} else {
		for i, w := range skipped {
			if !strings.Contains(s.Skipped[i], w) {
				t.Errorf("Skipped[%d] = %q, want it to contain %q", i, s.Skipped[i], w)
			}
		}
	}
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// gbk are GBK bytes, as Python's codec writes them (not x/text's encoder, which the
// reader uses).
var gbk = map[string]string{
	"德清县":    "\xb5\xc2\xc7\xe5\xcf\xd8",
	"德清县经信局": "\xb5\xc2\xc7\xe5\xcf\xd8\xbe\xad\xd0\xc5\xbe\xd6",
	"关于报送2023年第三季度数据的函": string(mustHex("b9d8d3dab1a8cbcd32303233c4eab5dac8fdbcbeb6c8cafdbeddb5c4baaf")),
}

func b64lines(data []byte, width int, padding bool) string {
	enc := base64.StdEncoding.EncodeToString(data)
	if !padding {
		enc = strings.TrimRight(enc, "=")
	}
	var b strings.Builder
	for len(enc) > width {
		b.WriteString(enc[:width] + "\r\n")
		enc = enc[width:]
	}
	return b.String() + enc + "\r\n"
}

// Mails as Chinese clients write them, in Go: raw GBK bytes in headers, RFC 2231
// continuations, broken multiparts.
var rawCases = []struct {
	name     string
	mail     string
	lim      Limits
	from     string
	subject  string
	date     time.Time
	want     []wantAttachment
	skipped  []string
	warnings []string // substrings, one per warning
}{
	{
		name: "foxmail raw GBK headers",
		mail: "Date: Mon, 9 Oct 2023 16:05:07 +0800\r\n" +
			"From: \"" + gbk["德清县经信局"] + "\" <dqjxj@deqing.gov.cn>\r\n" +
			"To: zgb@huzhou.gov.cn\r\n" +
			"Subject: " + gbk["关于报送2023年第三季度数据的函"] + "\r\n" +
			"X-Mailer: Foxmail 7.2.25.228[cn]\r\n" +
			"Mime-Version: 1.0\r\n" +
			"Content-Type: multipart/mixed;\r\n\tboundary=\"----=_001_NextPart652345_=----\"\r\n\r\n" +
			"This is a multi-part message in MIME format.\r\n\r\n" +
			"------=_001_NextPart652345_=----\r\n" +
			"Content-Type: text/plain;\r\n\tcharset=\"GB2312\"\r\n" +
			"Content-Transfer-Encoding: base64\r\n\r\n" +
			b64lines([]byte("\xc7\xeb\xb2\xe9\xca\xd5"), 76, true) + "\r\n" +
			"------=_001_NextPart652345_=----\r\n" +
			"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;\r\n\tname=\"" + gbk["德清县"] + ".xlsx\"\r\n" +
			"Content-Transfer-Encoding: base64\r\n" +
			"Content-Disposition: attachment;\r\n\tfilename=\"" + gbk["德清县"] + ".xlsx\"\r\n\r\n" +
			b64lines(file(10, 3001), 72, false) + "\r\n" + // 3001 bytes: padding would be "=="
			"------=_001_NextPart652345_=------\r\n\r\n",
		from:    "德清县经信局 <dqjxj@deqing.gov.cn>",
		subject: "关于报送2023年第三季度数据的函",
		date:    time.Date(2023, 10, 9, 16, 5, 7, 0, china8),
		want:    []wantAttachment{{"德清县.xlsx", file(10, 3001)}},
	},
	{
		name: "RFC 2231 continuations and odd names",
		mail: "Date: 9 Oct 2023 16:05:07 +0800\r\n" + // no weekday
			"From: =?GBK?B?tcLH5c/Yvq3Qxb7W?= <dqjxj@deqing.gov.cn>\r\n" +
			"Subject: =?gb2312?Q?=B5=C2=C7=E5=CF=D8?= =?utf-8?B?5pWw5o2u?=\r\n" +
			"MIME-Version: 1.0\r\n" +
			"Content-Type: multipart/mixed; boundary=b1\r\n\r\n" +
			"--b1\r\n" +
			"Content-Type: application/octet-stream; name=\"=?gb2312?Q?=B5=C2=C7=E5=CF=D8-2023Q3.xlsx?=\"\r\n" +
			"Content-Disposition: attachment;\r\n filename*1*=%C7%E5%CF%D8;\r\n filename*0*=gb18030''%B5%C2;\r\n filename*2=\"-2023Q3.xlsx\"\r\n" +
			"Content-Transfer-Encoding: base64\r\n\r\n" +
			b64lines(file(11, 100), 76, true) +
			"--b1\r\n" +
			"Content-Type: application/vnd.ms-excel\r\n" +
			"Content-Disposition: attachment; filename*=GBK''%B5%C2%C7%E5%CF%D8.xls\r\n" +
			"Content-Transfer-Encoding: base64\r\n\r\n" +
			b64lines(file(12, 101), 76, true) +
			"--b1\r\n" +
			// A GBK character split between two encoded words, as some clients write it.
			"Content-Type: application/octet-stream;\r\n name=\"=?GBK?B?" + base64.StdEncoding.EncodeToString([]byte(gbk["德清县"][:3])) + "?=\r\n =?GBK?B?" + base64.StdEncoding.EncodeToString([]byte(gbk["德清县"][3:]+".xlsx")) + "?=\"\r\n" +
			"Content-Transfer-Encoding: base64\r\n\r\n" +
			b64lines(file(13, 102), 76, true) +
			"--b1\r\n" +
			"Content-Type: application/octet-stream\r\n" +
			"Content-Disposition: attachment; filename=\"C:\\Users\\张三\\Desktop\\湖州-吴兴.xlsx\"\r\n" +
			"Content-Transfer-Encoding: base64\r\n\r\n" +
			b64lines(file(14, 103), 76, true) +
			"--b1\r\n" +
			"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n" +
			"Content-Transfer-Encoding: base64\r\n\r\n" +
			b64lines(file(15, 104), 76, true) +
			"--b1\r\n" +
			"Content-Type: application/octet-stream; name*=utf-8''%E5%AE%89%E5%90%89.xlsx; name=\"wrong.xlsx\"\r\n" +
			"Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
			"a=3Db=\r\nc\r\n" +
			"--b1--\r\n",
		from:    "德清县经信局 <dqjxj@deqing.gov.cn>",
		subject: "德清县数据",
		date:    time.Date(2023, 10, 9, 16, 5, 7, 0, china8),
		want: []wantAttachment{
			{"德清县-2023Q3.xlsx", file(11, 100)},
			{"德清县.xls", file(12, 101)},
			{"德清县.xlsx", file(13, 102)},
			{"湖州-吴兴.xlsx", file(14, 103)},
			{"附件5.xlsx", file(15, 104)},
			{"安吉.xlsx", []byte("a=bc")},
		},
	},
	{
		name: "no Date, no closing boundary, LF line ends",
		mail: "From: zgb@huzhou.gov.cn\nSubject: plain\nContent-Type: multipart/mixed; boundary=\"xyz\"\n\n" +
			"preamble\n--xyz\nContent-Type: text/plain\n\nhello\n" +
			"--xyz\nContent-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n\n" +
			strings.ReplaceAll(b64lines(file(20, 500), 60, true), "\r\n", "\n") +
			"--xyz \n" + // transport padding after the delimiter
			"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=b.xlsx\nContent-Transfer-Encoding: base64\n\n" +
			strings.ReplaceAll(b64lines(file(21, 600), 76, true), "\r\n", "\n"),
		from:     "zgb@huzhou.gov.cn",
		subject:  "plain",
		want:     []wantAttachment{{"a.pdf", file(20, 500)}, {"b.xlsx", file(21, 600)}},
		warnings: []string{"缺少结束分隔线"},
	},
	{
		name: "CST is China, too large first, then one that fits",
		mail: "Date: Mon, 9 Oct 2023 16:05:07 CST\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary=\"q\"\r\n\r\n" +
			"--q\r\nContent-Disposition: attachment; filename=big.xlsx\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			b64lines(file(30, 5000), 76, true) +
			"--q\r\nContent-Disposition: attachment; filename=small.xlsx\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
			"tiny\r\n--q--\r\n",
		lim:     Limits{MaxTotal: 1000},
		subject: "big",
		date:    time.Date(2023, 10, 9, 16, 5, 7, 0, china8),
		want:    []wantAttachment{{"small.xlsx", []byte("tiny")}},
		skipped: []string{"附件“big.xlsx”解码后有 4.9 KB，超过一封邮件可取出的 1000 字节 上限（已取出 0 字节），没有取出"},
	},
	{
		name: "a bounce does not give back the original's attachment",
		mail: "Date: Mon, 09 Oct 2023 16:05:07 +0800\r\nFrom: MAILER-DAEMON@huzhou.gov.cn\r\nSubject: Undelivered\r\n" +
			"Content-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n" +
			"--r\r\nContent-Type: text/plain\r\n\r\nfailed\r\n" +
			"--r\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n" +
			"--r\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\nContent-Type: application/pdf; name=x.pdf\r\n\r\n%PDF\r\n" +
			"--r--\r\n",
		from:    "MAILER-DAEMON@huzhou.gov.cn",
		subject: "Undelivered",
		date:    time.Date(2023, 10, 9, 16, 5, 7, 0, china8),
		skipped: []string{"退信"},
	},
	{
		name: "Outlook: inline image, winmail.dat, name in encoded words",
		mail: "Date: Mon, 9 Oct 2023 16:05:07 +0800\r\nSubject: outlook\r\nContent-Type: multipart/mixed; boundary=o1\r\n\r\n" +
			"--o1\r\nContent-Type: multipart/related; boundary=o2; type=\"text/html\"\r\n\r\n" +
			"--o2\r\nContent-Type: text/html; charset=gb2312\r\n\r\n<img src=\"cid:image001.png@01D9FA\">\r\n" +
			"--o2\r\nContent-Type: image/png; name=\"image001.png\"\r\nContent-Disposition: inline; filename=\"image001.png\"; size=10\r\n" +
			"Content-ID: <image001.png@01D9FA>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgoAAA==\r\n--o2--\r\n\r\n" +
			"--o1\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\nContent-Transfer-Encoding: base64\r\n\r\neJ8+IgAA\r\n" +
			"--o1\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;\r\n\tname=\"=?gb2312?B?tcLH5c/YLnhsc3g=?=\"\r\n" +
			"Content-Disposition: attachment;\r\n\tfilename=\"=?gb2312?B?tcLH5c/YLnhsc3g=?=\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			b64lines(file(16, 2000), 76, true) + "\r\n--o1--\r\n",
		subject: "outlook",
		date:    time.Date(2023, 10, 9, 16, 5, 7, 0, china8),
		want:    []wantAttachment{{"德清县.xlsx", file(16, 2000)}},
		skipped: []string{"附件“winmail.dat”是 Outlook 的 RTF 邮件封装（TNEF）"},
	},
	{
		name: "too many parts",
		mail: "Subject: many\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n" +
			strings.Repeat("--m\r\nContent-Type: application/zip\r\n\r\nPK\r\n", 10) + "--m--\r\n",
		lim:     Limits{MaxParts: 4},
		subject: "many",
		want:    []wantAttachment{{"附件1.zip", []byte("PK")}, {"附件2.zip", []byte("PK")}, {"附件3.zip", []byte("PK")}},
		skipped: []string{"邮件超过 4 个部分"},
	},
	{
		name:    "multipart without its boundary, unknown transfer encoding",
		mail:    "Subject: =?utf-8?B?5pWw5o2u?=\r\nContent-Type: multipart/mixed; boundary=nothere\r\n\r\n--other\r\n\r\nx\r\n",
		subject: "数据",
		skipped: []string{"找不到分隔线"},
	},
	{
		name:    "single-part mail that is the attachment, x-uuencode refused",
		mail:    "Subject: s\r\nContent-Type: application/octet-stream; name=\"a.xlsx\"\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 a\r\n",
		subject: "s",
		skipped: []string{"附件“a.xlsx”的传输编码“x-uuencode”无法识别"},
	},
}

func TestReadSavedRawMails(t *testing.T) {
	for _, tc := range rawCases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ReadSaved([]byte(tc.mail), tc.lim)
			if err != nil {
				t.Fatal(err)
			}
			checkSaved(t, s, tc.from, tc.subject, tc.date, tc.want, tc.skipped)
			if len(s.Warnings) != len(tc.warnings) {
				t.Fatalf("Warnings = %q, want %q", s.Warnings, tc.warnings)
			}
			for i, w := range tc.warnings {
				if !strings.Contains(s.Warnings[i], w) {
					t.Errorf("Warnings[%d] = %q, want %q", i, s.Warnings[i], w)
				}
			}
		})
	}
}

// nested wraps a workbook in depth multiparts, alternating with forwarded mails.
func nested(depth int) []byte {
	inner := "Content-Type: application/zip; name=deep.zip\r\n\r\nPK"
	for i := depth; i > 0; i-- {
		b := "b" + strconv.Itoa(i)
		if i%3 == 0 {
			inner = "Content-Type: message/rfc822\r\n\r\nSubject: fwd\r\n" + inner
			continue
		}
		inner = "Content-Type: multipart/mixed; boundary=" + b + "\r\n\r\n--" + b + "\r\n" + inner + "\r\n--" + b + "--"
	}
	return []byte("Subject: deep\r\n" + strings.TrimPrefix(inner, "Content-Type: message/rfc822\r\n\r\nSubject: fwd\r\n"))
}

func TestReadSavedDepth(t *testing.T) {
	for _, tc := range []struct {
		depth, max int
		found      bool
	}{{7, 8, true}, {8, 8, true}, {9, 8, false}, {40, 8, false}, {3, 2, false}, {2, 2, true}, {200, 1000, false}} {
		s, err := ReadSaved(nested(tc.depth), Limits{MaxDepth: tc.max})
		if err != nil {
			t.Fatal(err)
		}
		if found := len(s.Attachments) == 1 && s.Attachments[0].Name == "deep.zip"; found != tc.found || found == (len(s.Skipped) > 0) {
			t.Errorf("depth %d, MaxDepth %d: attachments %d, skipped %q; want found %v", tc.depth, tc.max, len(s.Attachments), s.Skipped, tc.found)
		}
	}
}

func TestReadSavedNotMail(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "邮件文件是空的"},
		{"blank", []byte("\r\n\r\n  \n"), "邮件文件是空的"},
		{"xlsx renamed", append([]byte("PK\x03\x04"), file(1, 100)...), "压缩包或 Excel 文件"},
		{"outlook msg", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 600)...), "Outlook 的 .msg"},
		{"pdf", []byte("%PDF-1.7\n"), "PDF"},
		{"text", []byte("德清县 2023 年第三季度\n数据\n"), "不是邮件文件"},
		{"header-like but no mail header", []byte("Title: x\r\n\r\nbody"), "不是邮件文件"},
		{"binary", file(3, 1000)[4:], "不是邮件文件"},
	} {
		s, err := ReadSaved(tc.data, DefaultLimits())
		if err == nil || !strings.Contains(err.Error(), tc.want) || s != nil {
			t.Errorf("%s: got %v, %v; want an error with %q", tc.name, s, err, tc.want)
		}
	}
	// Thunderbird's mbox "From " line is no reason to refuse a mail.
	s, err := ReadSaved([]byte("From - Mon Oct  9 16:05:07 2023\r\nX-Mozilla-Status: 0001\r\nSubject: ok\r\n\r\nbody"), Limits{})
	if err != nil || s.Subject != "ok" {
		t.Errorf("mbox From line: %+v, %v", s, err)
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2023, 10, 9, 16, 5, 7, 0, china8)
	utc := time.Date(2023, 10, 9, 8, 5, 7, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"Mon, 09 Oct 2023 16:05:07 +0800", want},
		{"Mon, 9 Oct 2023 16:05:07 +0800 (CST)", want},
		{"9 Oct 2023 16:05:07 +0800", want},
		{"Mon 9 Oct 2023 16:05:07 +0800", want},
		{"Mon, 9 Oct 2023 16:05:07 CST", want},
		{"Mon, 9 Oct 2023 16:05:07 GMT+08:00", want},
		{"Mon, 9 Oct 2023 16:05:07 GMT+8", want},
		{"Mon, 9 Oct 2023 16:05:07 +0800 (中国标准时间)", want},
		{"Mon, 9 Oct 2023 08:05:07 GMT", want},
		{"Mon, 9 Oct 2023 04:05:07 EDT", want},
		{"Mon, 9 Oct 2023 08:05:07 +0000", utc},
		{"2023-10-09 16:05:07 +0800", want},
		{"2023-10-09T16:05:07+08:00", want},
		{"2023-10-09 16:05:07", want},
		{"2023/10/9 16:05:07", want},
		{"2023年10月9日 星期一 16:05:07", want},
		{"星期一, 9 Oct 2023 16:05:07 +0800", want},
		{"Oct 9, 2023 16:05:07 +0800", want},
		{"Mon Oct  9 16:05:07 2023", want},
		{"Mon, 9 Oct 2023 16:05 +0800", time.Date(2023, 10, 9, 16, 5, 0, 0, china8)},
		{"", time.Time{}},
		{"yesterday", time.Time{}},
		{"Mon, 32 Oct 2023 16:05:07 +0800", time.Time{}},
		{"Mon, 9 Foo 2023 16:05:07 +0800", time.Time{}},
		{"Mon, 9 Oct 2023 25:05:07 +0800", time.Time{}},
		{"2023-02-30 10:00:00", time.Time{}},
	} {
		got, ok := parseDate(tc.in)
		if ok != !tc.want.IsZero() || !got.Equal(tc.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tc.in, got, ok, tc.want)
		}
	}
}

func TestDecodeWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"=?UTF-8?B?5b635riF5Y6/?=", "德清县"},
		{"=?utf-8?b?5b635riF5Y6/?= =?UTF-8?B?5pWw5o2u?=", "德清县数据"},
		{"=?GBK?B?tcLH5c/Y?=", "德清县"},
		{"=?GBK?B?tcLH5c/Y?=", "德清县"},
		{"=?gb2312?Q?=B5=C2=C7=E5=CF=D8_2023?=", "德清县 2023"},
		{"=?GB18030?B?lTSyNdKwLbOk0MvP2C54bHN4?=", "𠮷野-长兴县.xlsx"},
		{"=?eucgb2312_cn?b?udjT2rGoy80=?=", "关于报送"},
		{"=?big5?B?pXilXw==?=", "台北"},
		{"=?HZ-GB-2312?B?fnsyYkpUfn0=?=", "测试"},
		{"=?GBK?B?tcLH5Q?=\r\n =?GBK?B?z9g?=", "德清县"}, // no padding, split character
		{"a =?utf-8?q?x?= b", "a x b"},
		{"=?utf-8*zh-cn?B?5b635riF5Y6/?=", "德清县"},
		{"=?iso-8859-1?q?caf=E9?=", "café"},
		{"=?unknown?B?tcLH5c/Y?=", "德清县"},
		{"=?utf-8?B?tcLH5c/Y?=", "德清县"}, // GBK labelled UTF-8
		{"=?utf-8?X?abc?=", "=?utf-8?X?abc?="},
		{"=? broken", "=? broken"},
		{"=?a?b?c", "=?a?b?c"},
		{"x=?utf-8?B?5b635riF5Y6/?==?utf-8?B?5pWw5o2u?=y", "x德清县数据y"},
	} {
		if got := decodeWords(tc.in); got != tc.want {
			t.Errorf("decodeWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseParams(t *testing.T) {
	for _, tc := range []struct {
		in, value string
		params    map[string]string
	}{
		{`Attachment; filename="a b.xlsx"`, "attachment", map[string]string{"filename": "a b.xlsx"}},
		{`attachment; filename=a b.xlsx ; size=3`, "attachment", map[string]string{"filename": "a b.xlsx", "size": "3"}},
		{`attachment; filename="a\"b\\c\d.xlsx"`, "attachment", map[string]string{"filename": `a"b\c\d.xlsx`}},
		{`attachment; filename="a;b.xlsx"; x=1`, "attachment", map[string]string{"filename": "a;b.xlsx", "x": "1"}},
		{`attachment; filename="unterminated`, "attachment", map[string]string{"filename": "unterminated"}},
		{`attachment; FILENAME*=utf-8'zh'%E5%BE%B7.xlsx; filename="x"`, "attachment", map[string]string{"filename": "德.xlsx"}},
		{`attachment; filename*=''%E5%BE%B7`, "attachment", map[string]string{"filename": "德"}},
		{`attachment; filename*=%B5%C2`, "attachment", map[string]string{"filename": "德"}},
		{`attachment; filename*0*=gbk''%B5; filename*1*=%C2; filename*3=lost`, "attachment", map[string]string{"filename": "德"}},
		{`attachment; filename*0="a"; filename*1="b"`, "attachment", map[string]string{"filename": "ab"}},
		{`attachment; filename*99999999999999999999=x; filename*-1=y`, "attachment", map[string]string{}},
		{`multipart/mixed; boundary="--=_a"; boundary=b`, "multipart/mixed", map[string]string{"boundary": "--=_a"}},
		{`text/plain;;; ;charset=gbk;novalue;=x`, "text/plain", map[string]string{"charset": "gbk"}},
		{``, "", map[string]string{}},
	} {
		value, params := parseParams(tc.in)
		if value != tc.value || fmt.Sprint(params) != fmt.Sprint(tc.params) {
			t.Errorf("parseParams(%q) = %q %v, want %q %v", tc.in, value, params, tc.value, tc.params)
		}
	}
}

func TestTransferDecoding(t *testing.T) {
	data := file(40, 1000)
	enc := base64.StdEncoding.EncodeToString(data)
	for _, tc := range []struct {
		name string
		in   string
		want []byte
	}{
		{"lines", b64lines(data, 76, true), data},
		{"no padding", b64lines(data, 60, false), data},
		{"spaces and tabs", strings.Join(strings.SplitAfter(enc, "A"), " \t"), data},
		{"two blocks", base64.StdEncoding.EncodeToString([]byte("ab")) + base64.StdEncoding.EncodeToString([]byte("cde")), []byte("abcde")},
		{"one stray char", "YWJj" + "Z", []byte("abc")},
	} {
		got := make([]byte, decodeBase64([]byte(tc.in), nil))
		decodeBase64([]byte(tc.in), got)
		if !bytes.Equal(got, tc.want) {
			t.Errorf("base64 %s: got %d bytes, want %d", tc.name, len(got), len(tc.want))
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"a=3Db=3db\r\n", "a=b=b\r\n"},
		{"soft=\r\nbreak=\nhere\n", "softbreakhere\n"},
		{"trailing  \t\r\nspace", "trailing\r\nspace"},
		{"=E5=BE=B7", "德"},
		{"bad=ZZ= =4", "bad=ZZ= =4"},
		{"end=", "end"},
		{"", ""},
	} {
		got := make([]byte, decodeQP([]byte(tc.in), nil))
		decodeQP([]byte(tc.in), got)
		if string(got) != tc.want {
			t.Errorf("quoted-printable %q = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestReadSavedMemory: an attachment over the cap is never decoded, so reading a mail
// with a 24 MB attachment under a 1 MB cap allocates about the header's size, not the
// attachment's.
func TestReadSavedMemory(t *testing.T) {
	mail := []byte("Subject: big\r\nContent-Type: application/zip; name=big.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		b64lines(bytes.Repeat([]byte("PK"), 12<<20), 76, true))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := ReadSaved(mail, Limits{MaxTotal: 1 << 20})
	runtime.ReadMemStats(&after)
	if err != nil || len(s.Attachments) != 0 || len(s.Skipped) != 1 {
		t.Fatalf("%+v %v", s, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("allocated %d bytes reading past a 1 MB cap", alloc)
	}
}

// TestSeedCorpus keeps the fuzz seed corpus: the Python-written mails, rewritten with
// -update. Each must still read with its attachments.
func TestSeedCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzReadSaved")
	names := []string{"one", "several", "gbk2231", "gbk2047", "qp", "forwarded", "inline", "signed"}
	if *golden.Update {
		mails := pythonMails(t, names...)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			// Seeds small enough for the fuzzer to mutate: the attachments cut short.
			m := shrink(mails[n])
			seed := "go test fuzz v1\n[]byte(" + strconv.Quote(string(m)) + ")\n"
			if err := os.WriteFile(filepath.Join(dir, "python-"+n), []byte(seed), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, n := range names {
		raw, err := os.ReadFile(filepath.Join(dir, "python-"+n))
		if err != nil {
			t.Fatalf("%v (go test ./mail -run TestSeedCorpus -update writes it)", err)
		}
		line := strings.TrimSuffix(strings.SplitN(string(raw), "\n", 2)[1], "\n")
		q, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(line, "[]byte("), ")"))
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		s, err := ReadSaved([]byte(q), Limits{})
		if err != nil || len(s.Attachments) == 0 {
			t.Errorf("seed %s: %+v %v", n, s, err)
		}
	}
}

// shrink cuts every base64 block down to its first two lines.
func shrink(m []byte) []byte {
	lines := strings.SplitAfter(string(m), "\n")
	var b strings.Builder
	run := 0
	for _, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		if len(t) >= 60 && !strings.ContainsAny(t, " :") {
			if run++; run > 2 {
				continue
			}
		} else {
			run = 0
		}
		b.WriteString(l)
	}
	return []byte(b.String())
}
