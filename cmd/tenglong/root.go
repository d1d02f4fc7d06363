package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// Exit codes of DESIGN.md §3.
const (
	exitOK         = 0
	exitFailure    = 1
	exitUsage      = 2
	exitValidation = 3
)

// Env is what every command gets from outside: streams and the clock.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time

	// ingestDelay slows the judging of each fetched mail: tests inject it to play a
	// slow machine (fetch must let the IMAP connection go before judging). The
	// shipped binary never sets it.
	ingestDelay time.Duration
}

// exitError carries an exit code. silent errors have already been reported in full
// (a check that printed its findings), so main prints nothing more.
type exitError struct {
	code   int
	err    error
	silent bool
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// validationFailed reports that the input was read and has validation errors that the
// command already printed.
func validationFailed(summary string) error {
	return &exitError{code: exitValidation, err: errors.New(summary), silent: true}
}

// globalOptions are the flags every command takes.
type globalOptions struct {
	Workspace string
}

// NewRootCmd builds the command tree.
func NewRootCmd(env *Env) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "tenglong",
		Short: "腾笼换鸟攻坚行动指标填报、汇总、赛马与通报工具",
		Long: `tenglong 帮经信局、制高办跑完一项攻坚行动的报送周期：
目标分解、给各单位生成填报模板、回收校验、汇总、赛马打分、季度通报和约谈名单。

tenglong runs the reporting cycle of an indicator campaign: targets, templates,
returns, consolidation, scoring, bulletins and interview lists.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	root.Version = versionText()
	root.SetVersionTemplate("{{.Version}}\n")
	root.Flags().BoolP("version", "v", false, "显示版本 / print the version")
	root.PersistentFlags().StringVarP(&g.Workspace, "workspace", "w", ".", "工作目录（放 campaign.yaml 的目录） / workspace directory")
	root.PersistentPreRun = func(cmd *cobra.Command, _ []string) {
		if !cmd.Flags().Changed("workspace") {
			g.Workspace = findWorkspace(g.Workspace)
		}
	}
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageErrorf("参数有误：%v。用 --help 查看用法", err)
	})
	localize(root)
	root.AddCommand(
		newSeedsCmd(env, nil),
		newInitCmd(env, nil),
		newCheckCmd(env, g, nil),
		newShowCmd(env, g, nil),
		newBreakdownCmd(env, g, nil),
		newGenerateCmd(env, g, nil),
		newIngestCmd(env, g, nil),
		newValidateCmd(env, g, nil),
		newStatusCmd(env, g, nil),
		newConsolidateCmd(env, g, nil),
		newScoreCmd(env, g, nil),
		newInterviewsCmd(env, g, nil),
		newBulletinCmd(env, g, nil),
		newPointsCmd(env, g),
		newTotalsCmd(env, g),
		newDemoCmd(env, nil),
		newHistoryCmd(env, g, nil),
		newConfirmCmd(env, g, nil),
		newSendCmd(env, g, nil),
		newFetchCmd(env, g, nil),
		newRemindCmd(env, g, nil),
		newUpwardCmd(env, g, nil),
		newServeCmd(env, g, nil),
		newLinksCmd(env, g, nil),
		newVersionCmd(env),
	)
	// Every command at every depth (points set, totals list …) gets the Chinese help
	// flag: cobra would otherwise add its English "help for set".
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			localize(sub)
			if sub.HasSubCommands() && sub.Run == nil && sub.RunE == nil {
				// points, totals: a mistyped subcommand (points sett) is named, with
				// the one meant, instead of showing the help with exit 0.
				sub.Args = noArgs
				sub.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
			}
			walk(sub)
		}
	}
	walk(root)
	return root
}

// Execute runs the command line and returns the process exit code. Only main exits.
func Execute(env *Env, args []string) int {
	stdout, stderr := newSafeWriter(env.Stdout), newSafeWriter(env.Stderr)
	defer stdout.Flush()
	defer stderr.Flush()
	env = &Env{Stdout: stdout, Stderr: stderr, Now: env.Now, ingestDelay: env.ingestDelay}
	root := NewRootCmd(env)
	root.SetArgs(args)
	err := unknownCommand(root, args)
	if err == nil {
		err = root.Execute()
	}
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if !ee.silent {
			fmt.Fprintf(env.Stderr, "错误：%v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(env.Stderr, "错误：%v\n", err)
	return exitFailure
}

// noArgs refuses positional arguments with a usage error in Chinese.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		if cmd.HasSubCommands() {
			return unknownCommandError(cmd, args[0])
		}
		return usageErrorf("%s 不需要参数“%s”。用 tenglong %s --help 查看用法", cmd.Name(), args[0], cmd.Name())
	}
	return nil
}

// exactArgs wants n positional arguments, named in the error.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageErrorf("%s 需要 %s。用 tenglong %s --help 查看用法", cmd.Name(), names, cmd.Name())
		}
		return nil
	}
}

// isValidationFailure reports whether err is the exit-3 outcome of a command that read
// its input and found errors, as opposed to a failure.
func isValidationFailure(err error) bool {
	var ee *exitError
	return errors.As(err, &ee) && ee.code == exitValidation
}

// unknownCommand catches a command word that names no command (at any depth:
// points sett) before cobra parses the flags after it, which would blame them
// instead (bulletn --period → unknown flag: --period). Only -w/--workspace takes a
// value before the command.
func unknownCommand(root *cobra.Command, args []string) error {
	current := root
	for i := 0; i < len(args) && current.HasSubCommands(); i++ {
		a := args[i]
		switch {
		case a == "--":
			return nil
		case a == "-w" || a == "--workspace":
			i++
			continue
		case strings.HasPrefix(a, "-"):
			continue
		}
		if a == "help" {
			return nil
		}
		var next *cobra.Command
		for _, c := range current.Commands() {
			if c.Name() == a || c.HasAlias(a) {
				next = c
			}
		}
		if next == nil {
			return unknownCommandError(current, a)
		}
		current = next
	}
	return nil
}

// unknownCommandError names the unknown word and, when one is close (staus →
// status, within cobra's SuggestionsMinimumDistance of 2 edits, or a prefix), the
// command meant.
func unknownCommandError(cmd *cobra.Command, word string) error {
	msg := fmt.Sprintf("未知命令“%s”。", word)
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's own default, set only on its path
	}
	if s := cmd.SuggestionsFor(word); len(s) > 0 {
		var names []string
		for _, name := range s {
			names = append(names, cmd.CommandPath()+" "+name)
		}
		msg += "是不是要用 " + strings.Join(names, " 或 ") + "？"
	}
	return usageErrorf("%s用 %s --help 查看所有命令", msg, cmd.CommandPath())
}
