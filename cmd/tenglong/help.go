package main

import "github.com/spf13/cobra"

// usageTemplate is cobra's usage text in Chinese.
const usageTemplate = `用法：{{if .Runnable}}
  {{.UseLine}}{{end}}{{if .HasAvailableSubCommands}}
  {{.CommandPath}} [命令]{{end}}{{if gt (len .Aliases) 0}}

别名：
  {{.NameAndAliases}}{{end}}{{if .HasExample}}

示例：
{{.Example}}{{end}}{{if .HasAvailableSubCommands}}

命令：{{range .Commands}}{{if (or .IsAvailableCommand (eq .Name "help"))}}
  {{rpad .Name .NamePadding }} {{.Short}}{{end}}{{end}}{{end}}{{if .HasAvailableLocalFlags}}

选项：
{{.LocalFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableInheritedFlags}}

通用选项：
{{.InheritedFlags.FlagUsages | trimTrailingWhitespaces}}{{end}}{{if .HasAvailableSubCommands}}

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
