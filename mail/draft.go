package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
	"time"
)

// XLSX is the content type of an .xlsx workbook.
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Draft is a message the office opens in its own mail client, checks and sends.
type Draft struct {
	From       string    // the office's address, or "Name <address>"; empty: the client fills it in
	To         string    // the unit's address(es), see ParseRecipients; empty: no To header
	ToName     string    // display name for a single recipient, e.g. 德清县经信局 张三
	Subject    string    // one line; line breaks become spaces
	Body       string    // plain text; any line ending becomes CRLF
	Date       time.Time // zero: no Date header, the client stamps it when sending
	MessageID  string    // ASCII, with or without <>; empty: none, the client makes one
	Attachment Attachment
	// Outgoing: the message is sent by tenglong itself, not opened in a mail
	// client: no X-Unsent header.
	Outgoing bool
}

// Attachment is the file a draft carries. A zero Attachment means none.
type Attachment struct {
	Name        string // display file name, e.g. 03-德清县-2023Q3.xlsx; directories are dropped
	ContentType string // empty: from the name's extension (XLSX for .xlsx)
	Data        []byte
}

// Bytes renders the draft as an RFC 5322 message with CRLF line endings: multipart/mixed
// with a base64 text/plain part and the attachment. Headers that cannot be written
// correctly are left out rather than written broken: an invalid From, and To addresses
// that do not parse (check them first with ParseRecipients to warn the user).
func (d Draft) Bytes() []byte {
	var b bytes.Buffer
	// Outlook opens a message with X-Unsent: 1 in compose mode, ready to send; other
	// clients ignore the header and show a normal message they can forward or edit.
	if !d.Outgoing {
		b.WriteString("X-Unsent: 1\r\n")
	}
	if !d.Date.IsZero() {
		b.WriteString("Date: " + d.Date.Format(time.RFC1123Z) + "\r\n")
	}
	if from, err := ParseRecipients(d.From); err == nil && len(from) == 1 {
		f := newField("From")
		addAddress(f, from[0].Name, from[0].Address, "")
		b.WriteString(f.String())
	}
	if to, _ := ParseRecipients(d.To); len(to) > 0 {
		f := newField("To")
		for i, a := range to {
			name := a.Name
			if len(to) == 1 && oneLine(d.ToName) != "" {
				name = d.ToName
			}
			sep := ","
			if i == len(to)-1 {
				sep = ""
			}
			addAddress(f, name, a.Address, sep)
		}
		b.WriteString(f.String())
	}
	subject := newField("Subject")
	subject.addText(oneLine(d.Subject))
	b.WriteString(subject.String())
	if id := strings.Trim(strings.ReplaceAll(oneLine(d.MessageID), " ", ""), "<>"); id != "" {
		b.WriteString("Message-ID: <" + id + ">\r\n")
	}

	boundary := d.boundary()
	b.WriteString("MIME-Version: 1.0\r\n")
	ct := newField("Content-Type")
	ct.add("multipart/mixed;")
	ct.add(`boundary="` + boundary + `"`)
	b.WriteString(ct.String())
	b.WriteString("\r\nThis is a multi-part message in MIME format.\r\n")

	b.WriteString("\r\n--" + boundary + "\r\n")
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	writeBase64(&b, []byte(crlf(d.Body)))

	if a := d.Attachment; a.Name != "" || a.Data != nil {
		name := a.fileName()
		b.WriteString("\r\n--" + boundary + "\r\n")
		ct := newField("Content-Type")
		ct.add(a.contentType() + ";")
		if needsEncoding(name) {
			ct.addEncoded(`name="`, name, `"`)
		} else {
			ct.add("name=" + quote(name))
		}
		b.WriteString(ct.String())
		b.WriteString(disposition(name).String())
		b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
		writeBase64(&b, a.Data)
	}
	b.WriteString("\r\n--" + boundary + "--\r\n")
	return b.Bytes()
}

// addAddress writes `name <address>` with the name encoded when it is not plain ASCII.
func addAddress(f *field, name, address, sep string) {
	name = oneLine(name)
	switch {
	case name == "":
		f.add(address + sep)
		return
	case needsEncoding(name):
		f.addEncoded("", name, "")
	default:
		f.add(quote(name))
	}
	f.add("<" + address + ">" + sep)
}

// disposition names the file twice: filename*= (RFC 2231, what Thunderbird, Apple Mail,
// Gmail and Python read) and filename="=?UTF-8?B?…?=" (RFC 2047 inside a quoted string,
// not standard but the only form Outlook and many webmails show correctly).
func disposition(name string) *field {
	f := newField("Content-Disposition")
	f.add("attachment;")
	if !needsEncoding(name) {
		f.add("filename=" + quote(name))
		return f
	}
	f.addEncoded(`filename="`, name, `";`)
	ext := percentEncode(name)
	if len(" filename*=UTF-8''"+ext) <= 998 {
		f.add("filename*=UTF-8''" + ext)
		return f
	}
	// Too long for one line even unfolded: RFC 2231 continuations, cut between
	// characters so that each piece decodes on its own in lenient readers too.
	var pieces []string
	cur := ""
	for _, r := range name {
		enc := percentEncode(string(r))
		if len(cur)+len(enc) > 60 {
			pieces, cur = append(pieces, cur), ""
		}
		cur += enc
	}
	pieces = append(pieces, cur)
	for i, p := range pieces {
		head := fmt.Sprintf("filename*%d*=", i)
		if i == 0 {
			head += "UTF-8''"
		}
		if i < len(pieces)-1 {
			p += ";"
		}
		f.add(head + p)
	}
	return f
}

// percentEncode escapes everything but RFC 2231 attribute-chars.
func percentEncode(s string) string {
	const keep = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(keep, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// fileName is the attachment's display name without any directory part.
func (a Attachment) fileName() string {
	name := oneLine(a.Name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		name = "附件"
	}
	return name
}

// contentType does not ask mime.TypeByExtension: it reads the machine's mime.types, so
// the same draft would differ between a Windows office PC and the CI machine.
func (a Attachment) contentType() string {
	if ct := oneLine(a.ContentType); ct != "" {
		return ct
	}
	switch strings.ToLower(path.Ext(a.fileName())) {
	case ".xlsx":
		return XLSX
	case ".pdf":
		return "application/pdf"
	case ".zip":
		return "application/zip"
	}
	return "application/octet-stream"
}

// boundary is a hash of the content, so the same draft gives the same bytes. It starts
// with "=_", which no base64 line can contain, so it cannot clash with a part's body.
func (d Draft) boundary() string {
	h := sha256.New()
	for _, s := range []string{d.Subject, d.Body, d.Attachment.Name} {
		binary.Write(h, binary.BigEndian, int64(len(s)))
		h.Write([]byte(s))
	}
	h.Write(d.Attachment.Data)
	return "=_tenglong_" + hex.EncodeToString(h.Sum(nil)[:16])
}

// writeBase64 writes data in base64 lines of 76 characters (RFC 2045 §6.8).
func writeBase64(b *bytes.Buffer, data []byte) {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > maxLine {
		b.WriteString(enc[:maxLine] + "\r\n")
		enc = enc[maxLine:]
	}
	if enc != "" {
		b.WriteString(enc + "\r\n")
	}
}

// crlf gives text its MIME canonical form: every line break CRLF (RFC 2046 §4.1.1).
func crlf(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}
