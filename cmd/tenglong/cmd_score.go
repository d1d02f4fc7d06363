package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/results"
	"tenglong/score"
)

type scoreOptions struct {
	Workspace string
	Period    string
	JSON      bool
	Reasons   bool
}

func newScoreCmd(env *Env, g *globalOptions, runF func(*scoreOptions) error) *cobra.Command {
	opts := &scoreOptions{}
	cmd := &cobra.Command{
		Use:   "score --period 期次",
		Short: "赛马得分和排名（每一分都有计分理由） / 赛马 points and ranks",
		Long: `按 campaign.yaml 的考核评价办法（scoring）给各单位计分排名；没有 scoring 时按默认方法：
各项有数值目标的指标按完成率极差法计分，等分合计 100 分。加分项、评分项的分数用
tenglong points set 录入。--reasons 列出每个单位每一项的计分过程。`,
		Example: `  tenglong score --period 2023Q3
  tenglong score --period 2023Q3 --reasons
  tenglong score --period 2023Q3 --json`,
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return scoreRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	cmd.Flags().BoolVar(&opts.Reasons, "reasons", false, "列出每一项的计分理由 / show every item's reason")
	return cmd
}

func scoreRun(env *Env, opts *scoreOptions) error {
	c, r, err := periodResultsFor(env, opts.Workspace, opts.Period, false)
	if err != nil {
		return err
	}
	if opts.JSON {
		return results.WriteScoresJSON(env.Stdout, c, r)
	}
	printScores(env, c, r.Consolidation, r.Scores, opts.Reasons)
	printToEnter(env, r.Consolidation)
	return nil
}

// maxItemColumns is how many item columns the score table shows before it shows
// only totals (a default method over 100 indicators would not fit a terminal).
const maxItemColumns = 12

func printScores(env *Env, c *campaign.Campaign, k *score.Consolidation, s *score.Scores, reasons bool) {
	w := env.Stdout
	method := s.Method
	if s.Default {
		method += "（campaign.yaml 没有 scoring：各项有数值目标的指标按完成率极差法计分，等分合计100分）"
	}
	fmt.Fprintf(w, "%s %s赛马得分 — %s\n", c.Title, s.Period.Label(), method)
	if !s.Scorable {
		fmt.Fprintln(w, s.NotScorable+"。")
		return
	}
	header := []string{"名次", "单位", "总分", "较上期"}
	showItems := len(s.Items) <= maxItemColumns
	if showItems {
		for _, it := range s.Items {
			header = append(header, fmt.Sprintf("%s(%s)", it.Name, it.Points.StringFixed(0)))
		}
	}
	right := []int{0, 2}
	for i := 4; i < len(header); i++ {
		right = append(right, i)
	}
	t := newTable(header...).alignRight(right...)
	for _, u := range s.Units {
		// A unit without accepted data is not scored: no 0.00 that reads like a result.
		points := "—"
		if u.Rank != 0 {
			points = u.Points.StringFixed(2)
		}
		row := []string{s.RankText(u), unitName(c, u.Unit), points, s.MoveText(u)}
		if showItems {
			for _, is := range u.Items {
				if u.Rank == 0 {
					row = append(row, "—")
				} else {
					row = append(row, s.ShowItemPoints(is))
				}
			}
		}
		t.add(row...)
	}
	t.write(w)
	if !showItems {
		fmt.Fprintf(w, "共 %d 个计分项，各项得分见 --json、--reasons 或汇总表的“赛马得分”表。\n", len(s.Items))
	}
	if s.Compared != nil {
		fmt.Fprintf(w, "较上期：与%s的名次比较。\n", s.Compared.Label())
	}
	if n := len(s.Units) - s.Ranked(); n > 0 {
		fmt.Fprintf(w, "%d个单位本期没有可采用的数据（未报送或被退回），不参加排名。\n", n)
	}
	if !reasons {
		return
	}
	for _, u := range s.Units {
		place := "第" + s.RankText(u) + "名"
		if u.Rank == 0 {
			place = s.RankText(u) + "，不排名"
		}
		if !u.Reported {
			// No accepted data: no points, one reason for all items.
			fmt.Fprintf(w, "\n%s（%s）\n  %s\n", unitName(c, u.Unit), place, score.NoDataReason(k, k.Submission(u.Unit)))
			continue
		}
		fmt.Fprintf(w, "\n%s（%s，%s分）\n", unitName(c, u.Unit), place, u.Points.StringFixed(2))
		for i, is := range u.Items {
			// The reason starts with the figure's name, which is the item's more often
			// than not: said once on the line.
			reason := strings.TrimPrefix(is.Reason(), s.Items[i].Name+" ")
			if !s.Counted(is) {
				fmt.Fprintf(w, "  %s 不计：%s\n", s.Items[i].Name, reason)
				continue
			}
			fmt.Fprintf(w, "  %s %s分：%s\n", s.Items[i].Name, is.Points.StringFixed(2), reason)
		}
		if u.Scaled != "" {
			fmt.Fprintf(w, "  %s\n", u.Scaled)
		}
	}
}

// ruleList joins an interview's reasons.
func ruleList(iv score.Interview) (reasons, figures string) {
	var rs, fs []string
	for _, h := range iv.Hits {
		rs = append(rs, h.Reason)
		fs = append(fs, h.Figures)
	}
	return strings.Join(rs, "；"), strings.Join(fs, "；")
}
