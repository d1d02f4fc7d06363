// Package outbox sends the office's mail — templates (send), reminders (remind),
// rejected returns' replies (send --returns) and the upward report — exactly once
// where it can be known, below both doors: the CLI prints its progress lines, the web
// console's send and remind buttons show them as they come (Options.Progress).
//
// Deliver runs the mail log's state machine (store.NextStep) for each message: an
// address of the unit that bounced → not sent until campaign.yaml has another; sent
// → skipped; sending (a run killed, a connection lost after the data's final ".") →
// unknown, listed and not resent unless ResendUnknown; otherwise it logs sending,
// sends over one SMTP connection (package mail) and logs sent or failed. Messages are
// paced at the campaign's mail rate; errors before the data are retried with backoff
// (1 s, 2 s, 4 s); a refused login, an unreachable server or a refused sender address
// stops the run with mail.Explain's Chinese message, keeping what was done. The
// Message-ID is derived from the message's key (MessageID), so a resend carries the
// first try's.
//
// What goes out is made here too, so that the console's buttons make the same: Generate
// writes a period's templates (package workbook) with their mail drafts (Drafts, from
// the workspace's mail templates) and manifest.csv; TemplateMessages are send's
// messages from those files; RemindMessages are remind's, from the store's reporting
// states; Settings is the campaign's mail server; SummaryLines the closing lines.
//
// The package lives apart from mail/ because it opens the store, which mail/ must not.
// It prints nothing: the caller words the summary.
package outbox
