// Package score will hold the pure functions that turn a period's consolidated results
// into points, ranks and the interview list (赛马、约谈), each with its reasons.
//
// It imports campaign only, and does no I/O.
package score
