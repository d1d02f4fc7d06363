package main

import (
	"regexp"
	"strings"

	"github.com/spf13/cobra"
)

func init() { cobra.AddTemplateFunc("chineseFlags", chineseFlags) }

var (
	flagType    = regexp.MustCompile(`(--[a-z0-9-]+) (string|int|strings|stringSlice|float64|duration)\b`)
	flagDefault = regexp.MustCompile(`\(default ([^)]*)\)`)
	typeNames   = map[string]string{"string": "文字", "int": "整数", "strings": "文字,…", "stringSlice": "文字,…", "float64": "数", "duration": "时长"}
)

// chineseFlags turns the English that pflag writes into flag usages — the value's
// type after the flag and "(default …)" — into Chinese.
func chineseFlags(s string) string {
	s = flagType.ReplaceAllStringFunc(s, func(m string) string {
		sub := flagType.FindStringSubmatch(m)
		name := typeNames[sub[2]]
		// Keep the description column where pflag put it: a Chinese character is
		// two columns wide.
		width := 0
		for _, r := range name {
			width += 1 + boolInt(r > 0x2e80)
		}
		return sub[1] + " " + name + strings.Repeat(" ", max(0, len(sub[2])-width))
	})
	s = strings.ReplaceAll(s, "[flags]", "[选项]")
	return flagDefault.ReplaceAllString(s, "（默认 $1）")
}

// usageTemplate is cobra's usage text in Chinese.
const usageTemplate = `用法：{{if .Runnable}}
  {{.UseLine | chineseFlags}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [命令]{{end}}{{if gt (len .Aliases) 0}}

别名：
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

示例：
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

命令：{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

选项：
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces | chineseFlags}}{{end}}{{if .HasAvailableInheritedFlags}}

通用选项：
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces | chineseFlags}}{{end}}{{if .HasAvailableSubCommands}}

用 "{{.CommandPath}} [命令] --help" 查看某个命令的详细用法。{{end}}
`

// localize gives a command Chinese usage text and help flags.
func localize(cmd *cobra.Command) {
	cmd.SetUsageTemplate(usageTemplate)
	cmd.Flags().BoolP("help", "h", false, "显示帮助 / help")
	cmd.SetHelpCommand(&cobra.Command{Use: "help [命令]", Short: "显示某个命令的帮助", Hidden: true,
		Run: func(c *cobra.Command, args []string) {
			target, _, err := c.Root().Find(args)
			if target == nil || err != nil {
				target = c.Root()
			}
			_ = target.Help()
		}})
	cmd.CompletionOptions.DisableDefaultCmd = true
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
