// Package web is tenglong's HTTP door (`tenglong serve`, issue 19): the unit portal,
// reached by a per-unit, per-period link whose token is an HMAC from the workspace
// key, and the office console behind a password. It serves both from the workspace's
// store with the standard library's net/http and html/template; its pages, CSS and a
// little plain JavaScript are embedded (no CDN, no build step), and every word a user
// reads is Chinese.
//
// Handlers only parse a request, call the packages that hold the rules — intake for
// every uploaded file (raw bytes archived first, signature, identification, every
// check, then one store transaction), store for what was recorded, workbook for the
// template and the marked-up copy — and render the answer. A reply to an upload is
// written only after its submission is committed, so an acknowledged upload survives a
// kill. This package writes no file but through the store, and never exits the process.
//
// Security in short: a token opens one unit's page for one period and takes only that
// unit's template of that period (intake.ThroughLink); a wrong, revoked or re-issued
// token is a 404 that says nothing; uploads are cut off at intake's size cap while
// being read (http.MaxBytesReader) and rate-limited per token; office pages need a
// session (HttpOnly, SameSite=Strict cookie, Secure under TLS), every form carries a
// CSRF token, and wrong passwords are throttled per client address.
package web
