// Package mail owns mail messages: the .eml drafts that carry each unit its template
// (Draft) and pulling attachments out of saved mails (ReadSaved); later SMTP sending. It
// knows nothing of the workbook formats it carries, and it writes no files: it returns
// bytes, and cmd/tenglong decides where they go.
//
// Glossary:
//
//	Draft        草稿: a ready-to-send message saved as .eml (X-Unsent: 1), opened and sent by the office's own mail client.
//	Attachment   附件: one file carried by a draft or found in a saved mail, with its display name and bytes.
//	Recipient    收件人: an address from the campaign's unit contact; a draft may have none.
//	Encoded word RFC 2047 =?UTF-8?B?…?=: how a Chinese subject, name or file name travels in an ASCII header.
//	RFC 2231     filename*=UTF-8''%E5…: the standard form of a non-ASCII file name; Outlook ignores it,
//	             so drafts carry both forms.
//
// Drafts use the standard library only, and are deterministic: the same draft gives the
// same bytes, so generated drafts can be compared with golden files.
//
// ReadSaved reads a saved mail (Saved, 已保存的邮件) for the files the units attached to
// it: MIME multiparts at any depth, forwarded mails (message/rfc822), base64 and
// quoted-printable, names in RFC 2231 (continuations too) or RFC 2047 in any charset, and
// the raw GBK bytes in headers that Chinese Outlook and Foxmail send. The Chinese
// charsets (GBK, GB2312, GB18030, HZ, Big5) come from golang.org/x/text, this package's
// one dependency. It is lenient — what a mail client would show, it takes — and bounded:
// Limits caps the parts, the nesting and the decoded bytes, an attachment over the cap
// is never decoded, and whatever is left out is named in Saved.Skipped, in Chinese, for
// the ingest report. Inline pictures of an HTML body, a signed mail's signature and the
// original inside a bounce are not attachments.
package mail
