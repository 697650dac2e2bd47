#!/bin/sh
# Install the Debian packages named as arguments that are not installed yet (no-op otherwise).
# Runs apt-get as root, or through sudo; on a machine without apt-get it only reports.
set -eu
missing=""
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少 Debian 软件包：$missing（本机没有 apt-get，请自行安装）" >&2
  exit 1
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "Installing Debian packages:$missing"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
