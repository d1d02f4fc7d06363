// Package templates owns the wording users read that is not a table: the mail that
// sends a unit its template today, later the bulletin's narrative and the notice letter.
// The wording ships inside the binary (builtin/, embedded), and an office rewrites any
// of it without a new build by putting a file of the same name in its workspace's
// templates/ folder.
//
// Glossary:
//
//	Template   模板: a text/template file, UTF-8, named like mail-body.txt.
//	Builtin    内置模板: the copy embedded from builtin/; what Names lists.
//	Override   自定义模板: <workspace>/templates/<name>; used instead of the builtin when present.
//	MailBody   the data the mail-subject.txt and mail-body.txt templates are filled with.
//	Error      a template that does not parse or fill, with the file, the line and a Chinese message.
//
// This package imports no other tenglong package: callers turn their domain values into
// the plain strings of the data structs. It reads the workspace's templates/ folder and
// never writes anything.
package templates
