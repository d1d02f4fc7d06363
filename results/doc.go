// Package results assembles what consolidate, score, interviews and the bulletin show
// for a period, below both doors (the CLI in cmd/tenglong and the web console in
// web/), so that they show the same figures.
//
// Assemble reads a period from the store — the current accepted submissions with
// their values, list rows and tasks, each unit's reporting state, the office's totals
// and points — and, through package score, consolidates it (compared with the period
// before and the same period a year earlier), scores it and draws up the interview
// list; earlier periods are loaded as far as the interview rules look back, each once.
//
// The documents of consolidate --json, score --json and interviews --json are the
// exported *Doc types (DESIGN.md §9), built by NewConsolidationDoc, NewScoresDoc and
// NewInterviewsDoc; BulletinSummary gathers the figures of the bulletin's
// 一、总体情况 for its template, and ToEnterLine says what totals and points the office
// still has to enter, SubmissionLine counts the units by reporting state. Bulletin
// and Interviews typeset the 通报 and the 约谈名单 with its notices (package report) from
// the workspace's text templates; the .docx is written by the caller from the
// Document's model (package docx). The package reads the store and never writes it; it prints
// nothing and writes no files.
package results
