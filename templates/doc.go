// Package templates will embed the text templates users read (bulletin wording, notice
// letter, mail body). A workspace's own templates/ folder overrides them.
package templates
