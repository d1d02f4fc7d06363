// Package store is the only importer of the database driver (modernc.org/sqlite). It
// will own the workspace database: raw received files, submissions, values, findings
// and the audit log, with versioned migrations.
//
// It knows nothing of Excel or PDF; it stores what ingest hands it, one transaction per file.
package store
