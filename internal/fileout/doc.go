// Package fileout writes the files tenglong hands to people — 汇总表, bulletins,
// templates, marked-up returns — atomically: a temporary file in the same folder,
// flushed, renamed over the target, so that a full disk or a kill midway never leaves
// a truncated file where a good one was. Its errors are worded in Chinese for the
// clerk (what went wrong, that the old file was kept, what to do).
//
// Both doors use it: the CLI (cmd/tenglong) for every output file, and any other
// caller that writes a finished file to a folder. It knows nothing of what it writes.
package fileout
