package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

// version is the release, stamped by the Makefile from `git describe`
// (-ldflags "-X main.version=…"); a plain `go build` says dev.
var version = "dev"

// versionText is what --version and `tenglong version` print: the release, the Go
// toolchain and the platform the binary was built for — what a bug report needs.
func versionText() string {
	return fmt.Sprintf("tenglong %s（%s，%s/%s）", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func newVersionCmd(env *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "显示版本 / print the version",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			fmt.Fprintln(env.Stdout, versionText())
			return nil
		},
	}
}
