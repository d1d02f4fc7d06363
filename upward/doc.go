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
//   - Fill is the whole of `tenglong upward` on bytes: read the city's template, Build,
//     type the cells in; Message is the mail `send --upward` delivers through outbox.
//     The CLI and the console's 上报上级 / 发送上报文件 buttons both call them.
//
// It writes no file and reads none but the mail's wording (templates.Render), and
// imports no driver: cmd and web hand it the bytes.
package upward
