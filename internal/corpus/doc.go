// Package corpus generates synthetic inputs at the scale of DESIGN.md §10 — a province's
// 1,300 townships, 100 indicators, lists of 100,000 rows — for benchmarks and load
// tests. Output is deterministic for the same parameters.
//
// It builds campaign files as YAML text, so it imports no other tenglong package.
package corpus
