// Package seeds embeds the built-in campaigns (种子), one YAML file per campaign,
// transcribed from the documents in shared/seed-docs. Every number in them is the
// document's; testdata/<id>.samples.tsv ties a sample of them to document lines.
//
// It owns the embedded files and nothing else: parsing is campaign's job.
package seeds
