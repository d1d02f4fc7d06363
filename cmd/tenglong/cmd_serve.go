package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"tenglong/campaign"
	"tenglong/web"
)

type serveOptions struct {
	Workspace   string
	Listen      string
	PublicURL   string
	TLSCert     string
	TLSKey      string
	Period      string
	NoBrowser   bool
	SetPassword bool
	Stdin       io.Reader // the password for --set-password
	// Stop, when set, replaces SIGINT/SIGTERM: the server stops when it is closed (tests).
	Stop <-chan struct{}
}

func newServeCmd(env *Env, g *globalOptions, runF func(*serveOptions) error) *cobra.Command {
	opts := &serveOptions{Stdin: os.Stdin}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "启动网页：办公室控制台和各单位填报入口 / serve the office console and the unit portal",
		Long: `在本机启动 tenglong 的网页：办公室在浏览器里看报送情况、代单位上传、管理填报链接；
各单位用办公室发给它的链接下载模板、上传填好的文件，马上看到检查结果。
检查和入库与 tenglong ingest 完全相同，数据在本工作目录的 tenglong.db 里。

默认只在本机（127.0.0.1:8080）可用，并自动打开浏览器；要让各单位从内网访问，
用 --listen 0.0.0.0:8080（或本机的内网地址），并用 --public-url 写上各单位访问的地址。
第一次使用前先运行 tenglong serve --set-password 设置控制台密码。按 Ctrl-C 停止。`,
		Example: "  echo 'mima-2023Q3' | tenglong serve --set-password\n" +
			"  # 然后启动（按 Ctrl-C 停止）：tenglong serve\n" +
			"  # 让内网的各单位也能打开：tenglong serve --listen 0.0.0.0:8080 --public-url http://10.1.2.3:8080",
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return serveRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Listen, "listen", "127.0.0.1:8080", "监听地址（0.0.0.0:8080 让内网访问；端口 0 自动选） / listen address")
	cmd.Flags().StringVar(&opts.PublicURL, "public-url", "", "各单位访问本机的地址，用于填报链接，如 http://10.1.2.3:8080 / public URL")
	cmd.Flags().StringVar(&opts.TLSCert, "tls-cert", "", "HTTPS 证书文件（与 --tls-key 一起用） / TLS certificate")
	cmd.Flags().StringVar(&opts.TLSKey, "tls-key", "", "HTTPS 私钥文件 / TLS key")
	cmd.Flags().StringVar(&opts.Period, "period", "", "控制台先显示的期次（默认当前期） / period shown first")
	cmd.Flags().BoolVar(&opts.NoBrowser, "no-browser", false, "不自动打开浏览器 / do not open a browser")
	cmd.Flags().BoolVar(&opts.SetPassword, "set-password", false, "设置办公室控制台的密码（从键盘或管道读入）后退出 / set the console password")
	return cmd
}

// servePeriod is --period, or the campaign's current period as the other commands choose it.
func servePeriod(env *Env, c *campaign.Campaign, period string) (campaign.Period, error) {
	if period == "" {
		return c.CurrentPeriod(c.In(env.Now())), nil
	}
	p, err := c.ReportingPeriod(period)
	if err != nil {
		return campaign.Period{}, usageErrorf("%v", err)
	}
	return p, nil
}

func serveRun(env *Env, opts *serveOptions) error {
	if (opts.TLSCert == "") != (opts.TLSKey == "") {
		return usageErrorf("--tls-cert 和 --tls-key 要一起给出（证书和私钥）")
	}
	c, err := loadCampaign(env, campaignPath(opts.Workspace, ""))
	if err != nil {
		return err
	}
	period, err := servePeriod(env, c, opts.Period)
	if err != nil {
		return err
	}
	if opts.SetPassword {
		return setPasswordRun(env, opts)
	}
	lock, err := web.LockWorkspace(opts.Workspace)
	if err != nil {
		return err
	}
	defer lock.Release()
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	tls := opts.TLSCert != ""
	srv, err := web.New(web.Config{Campaign: c, Store: db, Period: period, PublicURL: opts.PublicURL, TLS: tls,
		Now: env.Now, Log: env.Stderr, Lights: web.ResultsLights(c, db), Workspace: opts.Workspace})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return fmt.Errorf("监听 %s 失败（%v）：端口可能已被占用，请换一个，如 --listen 127.0.0.1:8081", opts.Listen, err)
	}
	scheme := "http"
	if tls {
		scheme = "https"
	}
	console := scheme + "://" + browsableHost(ln.Addr().String()) + "/office/"
	if err := lock.Describe(console); err != nil {
		ln.Close()
		return fmt.Errorf("写不了锁文件：%v", err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 20 * time.Second, IdleTimeout: 2 * time.Minute}
	served := make(chan error, 1)
	go func() {
		if tls {
			served <- hs.ServeTLS(ln, opts.TLSCert, opts.TLSKey)
		} else {
			served <- hs.Serve(ln)
		}
	}()
	fmt.Fprintf(env.Stdout, "办公室控制台：%s\n", console)
	fmt.Fprintln(env.Stdout, "单位填报入口：各单位的链接见控制台“填报链接”页，或 tenglong links")
	if has, err := web.HasPassword(db); err == nil && !has {
		fmt.Fprintln(env.Stderr, "提示：还没有设置控制台密码，请另开一个窗口运行 tenglong serve --set-password")
	}
	if !opts.NoBrowser {
		if err := openBrowser(console); err != nil {
			fmt.Fprintf(env.Stderr, "没能自动打开浏览器（%v）：请手动打开 %s\n", err, console)
		}
	}
	stop := opts.Stop
	if stop == nil {
		ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer cancel()
		stop = ctx.Done()
	}
	select {
	case err := <-served:
		return fmt.Errorf("网页服务意外停止：%v", err)
	case <-stop:
	}
	fmt.Fprintln(env.Stderr, "正在停止：等正在上传的文件处理完……")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	go srv.Shutdown(ctx) // ends the live streams at once, so that hs.Shutdown is not held by them
	err = hs.Shutdown(ctx)
	if serr := srv.Shutdown(ctx); err == nil {
		err = serr
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("停止时出错：%v", err)
	}
	fmt.Fprintln(env.Stderr, "已停止。")
	return nil
}

// browsableHost is a listening address as a browser can open it: 0.0.0.0 and :: are
// this machine, reached as 127.0.0.1.
func browsableHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// openBrowser opens a URL in the default browser, without waiting for it.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// setPasswordRun reads the office password — twice on a terminal, once from a pipe —
// and stores its argon2id hash in the workspace's database.
func setPasswordRun(env *Env, opts *serveOptions) error {
	password, err := readPassword(env, opts.Stdin)
	if err != nil {
		return err
	}
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := web.SetPassword(db, password); err != nil {
		return usageErrorf("%v", err)
	}
	fmt.Fprintln(env.Stdout, "已设置办公室控制台密码。")
	return nil
}

func readPassword(env *Env, in io.Reader) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.Stderr, "请输入控制台密码：")
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(env.Stderr, "请再输入一次：")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.Stderr)
		if err != nil {
			return "", err
		}
		if string(first) != string(second) {
			return "", usageErrorf("两次输入的密码不一样，没有设置：请重新运行")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return "", usageErrorf("没有读到密码：请在键盘上输入，或用管道传入，如 echo 密码 | tenglong serve --set-password")
	}
	return strings.TrimRight(line, "\r\n"), nil
}
