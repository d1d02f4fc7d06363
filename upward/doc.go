// Package upward owns 多级上报: a county (or district) that runs tenglong for its own
// townships reports its consolidated result upward, into the template its city sent.
//
//   - CountyCampaign turns the city's template (workbook.ParentTemplate) into the
//     county's campaign.yaml: the city's indicators, kinds, units of measure and
//     period, the county's targets as the campaign's total, and a `parent:` block.
//   - Build turns the county's consolidation (score.Consolidate's totals, never
//     recomputed here) into the cells of the city's template, the 明细 breakdown and
//     the 填报说明 lines, refusing what the city could not use: another campaign, unit
//     or period, an indicator removed or measured otherwise, units missing.
//
// It reads and writes no file and imports no driver: cmd wires it to workbook.
package upward
