// Package browsertest runs the web pages of `tenglong serve` in a real browser for
// end-to-end tests: Debian's headless Chromium driven by chromedp, with a private
// profile, a Chinese locale and font, downloads into a folder the test reads, and
// full-page PNG screenshots for a person to look at.
//
// Screenshots go to the folder named by TENGLONG_SCREENSHOTS when it is set (make it
// first; the files stay there), otherwise to a temporary folder that is removed with
// the test. A test that needs the browser fails, never skips, when it is missing.
package browsertest
