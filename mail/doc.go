// Package mail owns mail messages: today the .eml drafts that carry each unit its
// template (Draft), later SMTP sending and pulling attachments out of saved mails. It
// knows nothing of the workbook formats it carries, and it writes no files: it returns
// bytes, and cmd/tenglong decides where they go.
//
// Glossary:
//
//	Draft        草稿: a ready-to-send message saved as .eml (X-Unsent: 1), opened and sent by the office's own mail client.
//	Attachment   附件: one file carried by a draft, with its display name and bytes.
//	Recipient    收件人: an address from the campaign's unit contact; a draft may have none.
//	Encoded word RFC 2047 =?UTF-8?B?…?=: how a Chinese subject, name or file name travels in an ASCII header.
//	RFC 2231     filename*=UTF-8''%E5…: the standard form of a non-ASCII file name; Outlook ignores it,
//	             so drafts carry both forms.
//
// Everything here is the standard library only, and deterministic: the same draft gives
// the same bytes, so generated drafts can be compared with golden files.
package mail
