package mail

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Saved is a saved mail (.eml) as read for the workbooks attached to it (已保存的邮件).
type Saved struct {
	Date        time.Time // the Date header; zero when missing or unreadable (HasDate false)
	HasDate     bool
	From        string // decoded display form: 德清县经信局 张三 <dqjxj@deqing.gov.cn>
	Subject     string // decoded
	Attachments []Attachment
	Skipped     []string // Chinese notes on parts left out and why (too big, undecodable, too deeply nested), for the ingest report
	// Warnings are Chinese notes on doubts that left nothing out (the mail may be cut
	// short): they concern the attachments taken, which are not unreadable for them.
	Warnings []string
}

// Limits caps what ReadSaved reads of one mail. A zero or negative field means its
// DefaultLimits value.
type Limits struct {
	MaxParts int   // MIME parts read, containers and forwarded mails included
	MaxDepth int   // nesting of multiparts and forwarded mails; at most 64
	MaxTotal int64 // decoded bytes of all attachments together
}

// DefaultLimits are generous for a mail carrying a few workbooks: 200 parts, 8 levels
// of nesting, 256 MiB of attachments.
func DefaultLimits() Limits { return Limits{MaxParts: 200, MaxDepth: 8, MaxTotal: 256 << 20} }

// maxDepth bounds MaxDepth: each level rescans its part of the mail for its boundary.
const maxDepth = 64

func (l Limits) orDefault() Limits {
	d := DefaultLimits()
	if l.MaxParts <= 0 {
		l.MaxParts = d.MaxParts
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxDepth > maxDepth {
		l.MaxDepth = maxDepth
	}
	if l.MaxTotal <= 0 {
		l.MaxTotal = d.MaxTotal
	}
	return l
}

// ReadSaved reads a saved mail and takes out every attachment, at any depth of
// multiparts and forwarded mails (message/rfc822), in the order they appear. Inline
// images of an HTML body, signatures of a signed mail and the original message inside
// a bounce are not attachments. Parts beyond the limits, or that cannot be decoded, are
// left out with a note in Skipped. It returns an error only when data is not a mail at
// all. It never writes files and never keeps a reference to data.
func ReadSaved(data []byte, lim Limits) (s *Saved, err error) {
	defer func() {
		if r := recover(); r != nil { // a bug here must not end an ingest
			s, err = nil, fmt.Errorf("邮件无法读取（程序内部错误：%v）；请在邮件客户端中打开它，把附件另存出来再导入", r)
		}
	}()
	return readSaved(data, lim)
}

func readSaved(data []byte, lim Limits) (*Saved, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := notMail(data); err != nil {
		return nil, err
	}
	data = skipEnvelope(data)
	top, ok := parseEntity(data, true)
	if !ok || !top.hasMailHeader() {
		return nil, fmt.Errorf("不是邮件文件：开头没有发件人、主题、日期等邮件头。请在邮件客户端中选中邮件，“另存为” .eml 文件后再导入，或直接导入附件本身")
	}
	r := &reader{lim: lim.orDefault(), s: &Saved{}}
	if v, ok := top.get("date"); ok {
		r.s.Date, r.s.HasDate = parseDate(headerText(v))
	}
	if v, ok := top.get("from"); ok {
		r.s.From = displayAddress(headerText(v))
	}
	if v, ok := top.get("subject"); ok {
		r.s.Subject = oneLine(decodeWords(headerText(v)))
	}
	r.entity(top, 0, "")
	return r.s, nil
}

// notMail recognises the files most often saved under .eml by mistake.
func notMail(data []byte) error {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return fmt.Errorf("邮件文件是空的：请在邮件客户端中重新把邮件“另存为” .eml 文件")
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return fmt.Errorf("这是 Outlook 的 .msg 文件或其他 Office 文件，不是 .eml 邮件：请在 Outlook 中打开邮件，把附件另存出来再导入")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return fmt.Errorf("这是压缩包或 Excel 文件，不是 .eml 邮件：请把文件改回原来的扩展名（.zip 或 .xlsx）后直接导入")
	case bytes.HasPrefix(data, []byte("%PDF")):
		return fmt.Errorf("这是 PDF 文件，不是 .eml 邮件：请导入报送单位发来的 Excel 附件")
	}
	return nil
}

// skipEnvelope drops blank lines and the "From sender date" line that mbox files and
// some clients (Thunderbird) put before the headers.
func skipEnvelope(data []byte) []byte {
	for len(data) > 0 && (data[0] == '\r' || data[0] == '\n') {
		data = data[1:]
	}
	if bytes.HasPrefix(data, []byte("From ")) {
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			return data[i+1:]
		}
		return nil
	}
	return data
}

// reader walks one mail, counting parts and decoded bytes against the limits.
type reader struct {
	lim         Limits
	s           *Saved
	parts       int
	total       int64
	candidates  int // attachments met, kept or skipped: N of 附件N
	partsCapped bool
}

// note adds a note to Skipped, once.
func (r *reader) note(format string, args ...any) {
	n := fmt.Sprintf(format, args...)
	if !slices.Contains(r.s.Skipped, n) {
		r.s.Skipped = append(r.s.Skipped, n)
	}
}

// entity reads one part (the whole mail at depth 0). parent is the media type of the
// multipart holding it.
func (r *reader) entity(e *entity, depth int, parent string) {
	if r.partsCapped {
		return
	}
	r.parts++
	if r.parts > r.lim.MaxParts {
		r.partsCapped = true
		r.note("邮件超过 %d 个部分，其余部分没有读取；如缺附件，请让报送单位分几封邮件重发", r.lim.MaxParts)
		return
	}
	media, params := e.contentType()
	if media == "" {
		media = "text/plain"
		if parent == "multipart/digest" {
			media = "message/rfc822"
		}
	}
	switch {
	case media == "multipart/encrypted" || media == "application/pkcs7-mime" || media == "application/x-pkcs7-mime":
		r.note("邮件内容经过加密或 S/MIME 封装，无法取出附件；请让报送单位不加密重发")
	case strings.HasPrefix(media, "multipart/"):
		if depth >= r.lim.MaxDepth {
			r.deepNote()
			return
		}
		r.multipart(e, depth, media, params["boundary"])
	case media == "message/rfc822" || media == "message/global":
		if parent == "multipart/report" {
			r.note("退信中附带的原邮件没有读取：这是一封退信，不是报送单位的回复")
			return
		}
		if depth >= r.lim.MaxDepth {
			r.deepNote()
			return
		}
		body := e.body // read in place: only what is decoded counts against MaxTotal
		if cte, _ := e.get("content-transfer-encoding"); transferKind(string(cte)) != cteRaw {
			var ok bool // base64 is not allowed here (RFC 2046 §5.2.1), but some clients do it
			if body, ok = r.decodeBody(e, "转发的邮件"); !ok {
				return
			}
		}
		inner, _ := parseEntity(body, false)
		r.entity(inner, depth+1, media)
	case media == "message/partial":
		r.note("邮件被拆成了几封（message/partial），无法合并；请让报送单位用一封邮件重发")
	default:
		r.leaf(e, media, params, parent)
	}
}

func (r *reader) deepNote() {
	r.note("邮件嵌套（转发或多部分）超过 %d 层，更深的内容没有读取；请让报送单位直接发送附件", r.lim.MaxDepth)
}

func (r *reader) multipart(e *entity, depth int, media, boundary string) {
	parts, found, closed := splitMultipart(e.body, boundary, r.lim.MaxParts-r.parts+1)
	if !found {
		r.note("邮件的多部分内容找不到分隔线（boundary），无法拆出附件；请让报送单位重发")
		return
	}
	if !closed {
		if w := "邮件的多部分内容缺少结束分隔线，邮件可能不完整：最后一个附件请核对是否完整"; !slices.Contains(r.s.Warnings, w) {
			r.s.Warnings = append(r.s.Warnings, w)
		}
	}
	for i, p := range parts {
		if r.partsCapped {
			return
		}
		if media == "multipart/signed" && i > 0 {
			continue // the signature, not an attachment
		}
		child, _ := parseEntity(p, false)
		r.entity(child, depth+1, media)
	}
}

// leaf decides whether a part that holds no other parts is an attachment, and takes
// it out.
func (r *reader) leaf(e *entity, media string, params map[string]string, parent string) {
	disp, dparams := e.disposition()
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	name = baseName(name)
	switch {
	case isSignature(media):
		return
	case strings.HasPrefix(media, "image/") && e.has("content-id") && (parent == "multipart/related" || disp == "inline"):
		return // a picture in the HTML body (Python marks it attachment, Outlook inline)
	case disp != "attachment" && name == "" && (strings.HasPrefix(media, "text/") || strings.HasPrefix(media, "message/")):
		return // the body text, a delivery report
	}
	r.candidates++
	if media == "application/ms-tnef" || media == "application/vnd.ms-tnef" || strings.EqualFold(name, "winmail.dat") {
		r.note("附件“%s”是 Outlook 的 RTF 邮件封装（TNEF），其中的附件无法取出；请让报送单位把 Outlook 的邮件格式改为 HTML 或纯文本后重发", name)
		return
	}
	if name == "" {
		name = fmt.Sprintf("附件%d%s", r.candidates, extensionFor(media))
	}
	data, ok := r.decodeBody(e, "附件“"+name+"”")
	if !ok {
		return
	}
	r.s.Attachments = append(r.s.Attachments, Attachment{Name: name, ContentType: media, Data: data})
}

// decodeBody undoes the part's transfer encoding within what is left of MaxTotal; what
// names the part in a note.
func (r *reader) decodeBody(e *entity, what string) ([]byte, bool) {
	cte, _ := e.get("content-transfer-encoding")
	kind := transferKind(string(cte))
	var size int64
	switch kind {
	case cteBase64:
		size = int64(decodeBase64(e.body, nil))
	case cteQP:
		size = int64(decodeQP(e.body, nil))
	case cteRaw:
		size = int64(len(e.body))
	default:
		r.note("%s的传输编码“%s”无法识别，没有取出；请让报送单位用常见的邮件客户端重发", what, oneLine(headerText(cte)))
		return nil, false
	}
	if size > r.lim.MaxTotal-r.total {
		r.note("%s解码后有 %s，超过一封邮件可取出的 %s 上限（已取出 %s），没有取出；请让报送单位压缩或分开发送",
			what, humanSize(size), humanSize(r.lim.MaxTotal), humanSize(r.total))
		return nil, false
	}
	r.total += size
	out := make([]byte, size)
	switch kind {
	case cteBase64:
		decodeBase64(e.body, out)
	case cteQP:
		decodeQP(e.body, out)
	default:
		copy(out, e.body)
	}
	return out, true
}

func isSignature(media string) bool {
	switch media {
	case "application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature":
		return true
	}
	return false
}

// baseName keeps a file name's last path element, on one line; "" when nothing is
// left of it.
func baseName(name string) string {
	name = oneLine(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = strings.TrimSpace(name[i+1:])
	}
	if name == "." || name == ".." {
		return ""
	}
	return name
}

// extensionFor guesses an unnamed attachment's extension from its content type.
func extensionFor(media string) string {
	switch media {
	case XLSX:
		return ".xlsx"
	case "application/vnd.ms-excel":
		return ".xls"
	case "application/vnd.ms-excel.sheet.macroenabled.12":
		return ".xlsm"
	case "application/vnd.ms-excel.sheet.binary.macroenabled.12":
		return ".xlsb"
	case "application/vnd.oasis.opendocument.spreadsheet":
		return ".ods"
	case "application/zip", "application/x-zip-compressed", "application/x-zip":
		return ".zip"
	case "application/x-rar-compressed", "application/vnd.rar":
		return ".rar"
	case "application/x-7z-compressed":
		return ".7z"
	case "application/pdf":
		return ".pdf"
	case "application/msword":
		return ".doc"
	case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return ".docx"
	case "text/csv":
		return ".csv"
	case "text/plain":
		return ".txt"
	case "text/html":
		return ".html"
	case "image/png":
		return ".png"
	case "image/jpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "message/rfc822":
		return ".eml"
	}
	return ""
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}
