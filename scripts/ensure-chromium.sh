#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests.
set -euo pipefail
say() { echo "ensure-chromium: $*" >&2; }
if [[ -n "${HAOBAN_CHROMIUM:-}" && -x "${HAOBAN_CHROMIUM}" ]] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  say "Chromium is not installed. Run: sudo apt-get install -y chromium (or set HAOBAN_CHROMIUM)"
  exit 1
fi
say "installing Debian's chromium for the browser tests"
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
command -v chromium >/dev/null || { say "chromium did not install"; exit 1; }
