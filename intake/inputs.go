package intake

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"tenglong/mail"
	"tenglong/returns"
	"tenglong/store"
)

// Size caps of what ingest takes (DESIGN.md §10: size caps before parsing). A filled
// template is a few MB; a province's batch zip a few hundred.
const (
	MaxReadBytes  = 512 << 20 // larger files are not read at all: reported, not stored
	MaxParseBytes = 64 << 20  // larger workbooks are stored and refused unopened
	maxNesting    = 3         // a zip in a mail in a zip, and no deeper
)

// Input is one workbook to ingest: a file on disk, or a member of a zip archive or a
// saved mail, held in memory.
type Input struct {
	path        string // as reported: a path, or "批次.zip/回收/03-德清县-2023Q3.xlsx", "收件箱/回复.eml/03-德清县-2023Q3.xlsx"
	file        string // on disk; "" for a member
	data        []byte // a member's bytes
	received    time.Time
	hasReceived bool     // received is the mail's Date
	from        string   // the saved mail's From, for a member of one
	fetched     bool     // a member of a mail fetched from the mailbox
	warnings    []string // the mail's doubts about its attachments (mail.Saved.Warnings)
	notReturn   string   // a mail that is no return (a bounce, an auto-reply): why
	skipped     string   // a member left out, and why
}

// isWorkbookName reports whether a name looks like a returned workbook, including the
// formats people save by mistake (rejected later with the fix).
func isWorkbookName(name string) bool {
	return workbookExtensions[strings.ToLower(filepath.Ext(name))] && !strings.HasPrefix(path.Base(name), "~$")
}

// containerKind tells archives and saved mails from workbooks.
func containerKind(name string, data []byte) string {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case ext == ".eml":
		return "mail"
	case returns.IsArchive(name, data):
		return "zip"
	}
	return ""
}

// ExpandInputs lists what ingest reads from the paths given: files as they are,
// folders walked for workbooks, archives and saved mails, archives and mails opened.
// The bytes of every archive and mail are stored before they are opened, so nothing
// received is lost even when a member cannot be taken out.
func ExpandInputs(db *store.Store, paths []string) ([]Input, error) {
	var out []Input
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("找不到 %s：请检查路径", p)
		}
		files := []string{p}
		if info.IsDir() {
			if files, err = walkFolder(p); err != nil {
				return nil, err
			}
		}
		for _, f := range files {
			ins, err := expandFile(db, f)
			if err != nil {
				return nil, err
			}
			out = append(out, ins...)
		}
	}
	return out, nil
}

// walkFolder finds the workbooks, archives and saved mails in a folder, sorted.
func walkFolder(dir string) ([]string, error) {
	var found []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			// A --return-dir inside the folder holds marked-up copies, not returns.
			if _, err := os.Stat(filepath.Join(p, ReturnDirMarker)); err == nil && p != dir {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") {
			return nil
		}
		ext := strings.ToLower(filepath.Ext(name))
		if isWorkbookName(name) || ext == ".zip" || ext == ".eml" {
			found = append(found, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("读不了文件夹 %s：%v", dir, err)
	}
	sort.Strings(found)
	return found, nil
}

// expandFile is one file given or found: a workbook stays a file read later (so a
// batch is not held in memory at once); an archive or a mail is read, stored and
// opened now.
func expandFile(db *store.Store, file string) ([]Input, error) {
	ext := strings.ToLower(filepath.Ext(file))
	if ext != ".zip" && ext != ".eml" {
		return []Input{{path: file, file: file}}, nil
	}
	info, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("读不了 %s：%v", file, err)
	}
	if info.Size() > MaxReadBytes {
		return []Input{{path: file, skipped: fmt.Sprintf("文件有 %d MB，超过 %d MB 的上限，没有读取", info.Size()>>20, MaxReadBytes>>20)}}, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("读不了 %s：%v", file, err)
	}
	if _, _, err := db.PutFile(data); err != nil {
		return nil, fmt.Errorf("存档 %s 失败：%v", file, err)
	}
	return expandContainer(file, data, mailInfo{}, 0), nil
}

// mailInfo is what the innermost saved mail around a member says about it: its
// Date (lateness only) and its From (Checked against the unit's contact email).
type mailInfo struct {
	received    time.Time
	hasReceived bool
	from        string
	serverTime  bool // received is the mail server's (IMAP INTERNALDATE): a Date header inside does not replace it
	warnings    []string
}

// expandContainer opens an archive or a mail held in memory and lists its members:
// workbooks, and archives and mails inside it, up to maxNesting deep. Members of a
// mail are received at the mail's Date and come from its From.
func expandContainer(name string, data []byte, m mailInfo, depth int) []Input {
	if depth >= maxNesting {
		return []Input{{path: name, skipped: "压缩包或邮件套得太深（超过 3 层），没有打开：请把填报模板直接作为附件发送"}}
	}
	var out []Input
	member := func(p string, b []byte, m mailInfo) {
		switch {
		case containerKind(p, b) != "":
			out = append(out, expandContainer(p, b, m, depth+1)...)
		case isWorkbookName(p):
			out = append(out, Input{path: p, data: b, received: m.received, hasReceived: m.hasReceived, from: m.from, fetched: m.serverTime, warnings: m.warnings})
		}
	}
	switch containerKind(name, data) {
	case "mail":
		// A bounce carries the office's own template back, an auto-reply may quote
		// it: neither is a return, whatever is attached (fetch sorts its mails
		// before, with the bounce recorded against the unit: intake.SortMail).
		if cls := mail.Classify(data); cls.Nature != mail.Personal {
			what := map[mail.Nature]string{mail.Bounce: "退信", mail.AutoReply: "自动回复", mail.Receipt: "已读回执"}[cls.Nature]
			return []Input{{path: name, notReturn: what + "（" + cls.Why + "），不是报送，附件没有读取"}}
		}
		saved, err := mail.ReadSaved(data, mail.DefaultLimits())
		if err != nil {
			return []Input{{path: name, skipped: err.Error()}}
		}
		inner := m
		if saved.HasDate && !m.serverTime {
			inner.received, inner.hasReceived = saved.Date, true
		}
		if saved.From != "" {
			inner.from = saved.From
		}
		inner.warnings = append(slices.Clip(m.warnings), saved.Warnings...)
		for _, a := range saved.Attachments {
			member(name+"/"+a.Name, a.Data, inner)
		}
		for _, note := range saved.Skipped {
			out = append(out, Input{path: name, skipped: note})
		}
		if len(out) == 0 {
			why := "邮件里没有 Excel 附件：请让单位把填报模板（.xlsx）作为附件发送"
			for _, w := range saved.Warnings {
				why += "（" + w + "）"
			}
			out = append(out, Input{path: name, skipped: why})
		}
	case "zip":
		entries, skipped, err := returns.Unzip(data, returns.DefaultZipLimits())
		if err != nil {
			return []Input{{path: name, skipped: err.Error()}}
		}
		for _, e := range entries {
			member(name+"/"+e.Path, e.Data, m)
		}
		for _, s := range skipped {
			p := name
			if s.Path != "" { // "" is the archive as a whole (its file list too long, or a summary line)
				p = name + "/" + s.Path
			}
			out = append(out, Input{path: p, skipped: s.Reason})
		}
		if len(out) == 0 {
			out = append(out, Input{path: name, skipped: "压缩包里没有 Excel 文件"})
		}
	default:
		out = append(out, Input{path: name, data: data, received: m.received, hasReceived: m.hasReceived, from: m.from})
	}
	return out
}

// ValidateInputs is what validate checks in a file: the file itself, or the workbooks
// inside a .zip or a saved mail (.eml), opened the way ingest opens them — but held in
// memory only, never archived.
func ValidateInputs(file string) ([]Input, bool, error) {
	ext := strings.ToLower(filepath.Ext(file))
	if ext != ".zip" && ext != ".eml" {
		if _, err := os.Stat(file); err != nil {
			return nil, false, fmt.Errorf("读不了 %s：%v", file, err)
		}
		return []Input{{path: file, file: file}}, false, nil
	}
	info, err := os.Stat(file)
	if err != nil {
		return nil, true, fmt.Errorf("读不了 %s：%v", file, err)
	}
	if info.Size() > MaxReadBytes {
		return []Input{{path: file, skipped: fmt.Sprintf("文件有 %d MB，超过 %d MB 的上限，没有读取", info.Size()>>20, MaxReadBytes>>20)}}, true, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, true, fmt.Errorf("读不了 %s：%v", file, err)
	}
	return expandContainer(file, data, mailInfo{}, 0), true, nil
}

// MailInputs lists the workbooks in a mail taken from a mailbox, received when the
// server says it was (INTERNALDATE), not when the sender's clock says. name is how the
// mail is named in the report. None (nil) when the mail carries no workbook, archive
// or mail attachment at all: a note, not a return.
func MailInputs(name string, raw []byte, received time.Time) []Input {
	saved, err := mail.ReadSaved(raw, mail.DefaultLimits())
	if err == nil {
		any := false
		for _, a := range saved.Attachments {
			if isWorkbookName(a.Name) || containerKind(a.Name, a.Data) != "" {
				any = true
			}
		}
		if !any && len(saved.Skipped) == 0 {
			return nil
		}
	}
	return expandContainer(name, raw, mailInfo{received: received, hasReceived: true, serverTime: true}, 0)
}
