package store

// CheckOnly limits the check Open makes (PRAGMA quick_check, which reads every page
// of the file) to these tables and their indexes: a command that reads a few small
// tables — status, history — then costs in proportion to them, not to three years
// of returns (issue 21). Pages of other tables are not checked when opening; SQLite
// still refuses a damaged page it meets. Without CheckOnly every table is checked.
func CheckOnly(tables ...string) Option {
	return func(o *options) { o.checkTables = append(o.checkTables, tables...) }
}
