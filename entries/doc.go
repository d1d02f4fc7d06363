// Package entries checks and records what the office enters by hand for a period,
// below both doors (tenglong points set / totals set, and the console's forms): the
// points of a bonus or manual scoring item for a unit, and the total of an indicator
// the office gives (total: given), each with its reason. It finds the unit, item or
// indicator by code or name, reads the number as the templates' measure has it (or a
// 完成/未完成 answer for a worded target), refuses an entry without a reason, and
// writes it through package store, which keeps every entry (the latest counts).
//
// A wrong entry is an *InputError whose message names the field as the caller's user
// knows it (Labels: the CLI's flags, the console's fields); the CLI makes it a usage
// error. The package prints nothing.
package entries
