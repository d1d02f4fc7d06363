#!/bin/sh
# What `make test` needs besides Go, checked before anything is built: the tests read
# every generated file with independent programs — LibreOffice (soffice) converts
# workbooks, poppler (pdftotext, pdffonts, pdfinfo) reads the PDFs, Debian's python3
# with openpyxl fills and reads templates, git lists the files gofmt checks, Postfix
# and Dovecot are the SMTP and IMAP servers the mail loop's tests start on 127.0.0.1. A test
# that needs one fails, never skips; this says so up front, in one line, with the
# command that fixes it.
#
# As root with apt-get (a fresh container, .ci/run) it installs what is missing: there
# is nobody to ask and nothing else to do. Otherwise it only prints the command: a
# developer's `make test` must not change the machine behind their back.
have() { command -v "$1" >/dev/null 2>&1; }

missing() {
	m=""
	have soffice || have libreoffice || m="$m libreoffice-calc-nogui"
	{ have pdftotext && have pdffonts && have pdfinfo; } || m="$m poppler-utils"
	# internal/testtool tries Debian's python3 first, then the one on PATH.
	py_ok=""
	for py in /usr/bin/python3 python3; do
		if "$py" -c 'import openpyxl, email' >/dev/null 2>&1; then py_ok=1; break; fi
	done
	[ -n "$py_ok" ] || m="$m python3-openpyxl"
	have git || m="$m git"
	# The built-in fonts are rebuilt from Debian's fonts with fontTools (report/fonts).
	/usr/bin/python3 -c 'import fontTools' >/dev/null 2>&1 || m="$m python3-fonttools"
	[ -x /usr/sbin/postfix ] || m="$m postfix"
	[ -x /usr/sbin/dovecot ] || m="$m dovecot-imapd"
	echo "$m"
}

need=$(missing)
[ -z "$need" ] && exit 0
install="apt-get install -y --no-install-recommends$need"
if [ "$(id -u 2>/dev/null)" = 0 ] && have apt-get; then
	echo "安装测试所需的软件：$install"
	# Postfix's installer asks what the machine's own mail is: nothing (the tests run
	# private instances).
	echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null
	apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $install >/dev/null && [ -z "$(missing)" ] && exit 0
fi
names=""
for p in $need; do names="${names:+$names、}$p"; done
echo "缺少测试所需的软件（$names），请先运行：sudo apt-get update && sudo $install" >&2
exit 1
