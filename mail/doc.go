// Package mail will own .eml drafts, SMTP sending and pulling attachments out of saved
// mails. It knows nothing of the workbook formats it carries.
package mail
