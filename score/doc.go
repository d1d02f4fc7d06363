// Package score turns a period's accepted submissions into the numbers leadership
// decides on, each one explainable (DESIGN.md §5 and §7):
//
//	Consolidate  汇总: every unit's target, actual, completion, light and rank per
//	             indicator; the total row by its rule (sum, given, weighted-by, none);
//	             the change since an earlier period; lists merged across units with
//	             shared 统一社会信用代码 flagged; task progress per lead unit; 报送情况.
//	Score        赛马: points per item by minmax, parts, rank-step, bonus and manual
//	             (温州经开区 2015 附件3), or the default method for campaigns without a
//	             scoring block; every point with its reason (metric, value, formula).
//	Interviews   约谈: the campaign's rules applied, each hit with the figures behind it.
//
// Missing values are never counted as 0 in consolidation: a unit that sent nothing is
// missing, a total that lacks a unit is marked incomplete and gets no light. Scoring
// gives a unit without a value 0 points on that metric and says so in the reason.
//
// Numbers are exact decimals throughout; divisions keep 16 places and rounding is left
// to whoever displays them. The package imports campaign only, does no I/O and reads
// no clock: the caller loads the data (store) and writes the results (workbook,
// report, the command line).
package score
