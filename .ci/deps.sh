#!/bin/sh
# What `make test` (or, given .ci/packages-bench, `make bench`) needs besides Go,
# checked before anything is built. The list is .ci/packages (why each package is
# there is written next to it); .ci/run installs the same list and README.md prints it.
# A test that needs one fails, never skips; this says so up front, in one line, with
# the command that fixes it. Shell builtins only, besides dpkg-query, id and unshare.
#
# As root with apt-get (a fresh container, .ci/run) it installs what is missing: there
# is nobody to ask and nothing else to do. Otherwise it only prints the command: a
# developer's `make test` must not change the machine behind their back.
case $0 in */*) cd "${0%/*}/.." || exit 1 ;; *) cd .. || exit 1 ;; esac
list=${1:-.ci/packages}
packages=""
while IFS= read -r line || [ -n "$line" ]; do
	line=${line%%#*}
	for p in $line; do packages="$packages $p"; done
done <"$list"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "不是 Debian 系统，无法核对软件包；测试需要与这些 Debian 包相当的软件：$packages" >&2
	exit 0
fi

missing() {
	for p in $packages; do
		case $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) in
		*"install ok installed"*) ;;
		*) printf ' %s' "$p" ;;
		esac
	done
}

need=$(missing)
if [ -n "$need" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "安装测试所需的软件：apt-get install -y --no-install-recommends$need"
	# Postfix's installer asks what the machine's own mail is: nothing (the tests run
	# private instances).
	echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null
	apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need >/dev/null
	need=$(missing)
fi
if [ -n "$need" ]; then
	names=""
	for p in $need; do names="${names:+$names、}$p"; done
	echo "缺少测试所需的软件（$names），请先运行：sudo apt-get update && sudo apt-get install -y --no-install-recommends$need" >&2
	exit 1
fi

# As an ordinary user the mail tests run Postfix in a user namespace, which needs a
# range of subordinate user IDs (Debian's adduser gives every new user one).
if [ "$list" = .ci/packages ] && [ "$(id -u)" != 0 ] && ! unshare --map-auto --map-root-user true >/dev/null 2>&1; then
	me=$(id -un)
	echo "邮件测试要在用户命名空间里启动 Postfix，但用户 $me 建不了（/etc/subuid 里没有 $me 的编号段，或系统禁止普通用户建用户命名空间），请先运行：sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 $me" >&2
	exit 1
fi
exit 0
