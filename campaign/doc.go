// Package campaign owns the campaign definition (攻坚行动): its domain types, loading
// campaign.yaml with the YAML line of every problem, the definition checks behind
// `tenglong check`, periods (期次) and the progress math of DESIGN.md §5.
//
// Glossary:
//
//	Campaign   攻坚行动 / 方案: units, indicators, lists, tasks and scoring for a span of months.
//	Unit       责任单位: who reports, an area (区县、乡镇街道) or a department (部门).
//	Indicator  指标: a measured quantity with a measure (计量单位) and targets per unit.
//	Target     目标: a number, 不适用 (na), a number with a note, a text (定性) target, or pending (待下达).
//	List       清单: rows a unit fills (企业清单、项目清单), optionally feeding an indicator.
//	Task       任务: a work item with lead (牵头) and co (配合) units and an optional due date.
//	Period     期次: a year (2023), a quarter (2023Q3) or a month (2023-09).
//	Parent     上级行动: the city a county's campaign reports to (多级上报), its unit code
//	           there and which county indicator fills which of the city's.
//	Problem    a finding of loading or checking, with its YAML line and a Chinese message.
//
// This package imports no other tenglong package and does no I/O beyond what its
// callers hand it: it parses bytes and computes.
package campaign
