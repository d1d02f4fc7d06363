// Command tenglong runs the reporting cycle of an indicator campaign (攻坚行动):
// campaign definition, templates, returns, consolidation, scoring and bulletins.
//
// This package is the only place that parses flags, writes output files and picks exit
// codes. Every command has three parts: an options struct, a cobra constructor that
// only fills it, and a run function that does the work against injected streams and
// clock, so tests call run directly.
package main
