// Package intake is the ingest pipeline shared by every way a return comes in:
// `tenglong ingest` and `validate` from files, `tenglong fetch` from an IMAP
// mailbox, and `tenglong serve`'s portal and console (UploadInputs; a portal link
// restricts a file to its unit and period, ThroughLink). It expands folders, archives and saved mails into
// workbooks, archives every byte received in the store before anything else, parses
// workbooks in parallel, judges each against the campaign (returns.Check with the
// store's context) and records the outcome. Only a return whose signed metadata
// verifies is accepted on its own: one without it whose title names a unit and a
// period is held as pending (待确认) until the office confirms it (Confirm). A
// rejected return's marked-up copy — bad cells filled and commented, 问题清单 in front —
// is MarkUp (or MarkUpStored, Report.MarkedUp) as bytes, named by MarkedUpName.
// Fetch is fetch's loop: every new message of the office's mailbox archived with its
// UID first, then every pending one sorted (SortMail) and its attachments judged. It
// prints nothing and writes no file: the commands in cmd/tenglong do the wiring, the
// printing and the exit codes.
package intake
