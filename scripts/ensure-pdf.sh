#!/usr/bin/env bash
# Makes sure package document can render and its tests can check licence
# PDFs: the LXGW WenKai TrueType font (gopdf embeds TTF only, so the Noto
# .ttc that ensure-ocr.sh installs does not serve) and poppler-utils, whose
# pdftotext and pdfsig judge the output as a standard PDF reader would.
# Installs Debian's packages when running as root. Prints one line.
set -euo pipefail
say() { echo "ensure-pdf: $*" >&2; }

# openssl cross-checks the SM2 signatures of package eseal.
packages=(fonts-lxgw-wenkai poppler-utils openssl)

# The font's path comes from dpkg rather than being written here, so a
# Debian release that moves it does not break the check.
font_path() {
  dpkg -L fonts-lxgw-wenkai 2>/dev/null | grep -E '/LXGWWenKai-Regular\.ttf$' | head -n1 || true
}
ready() {
  local f
  f=$(font_path)
  [[ -n "$f" && -f "$f" ]] && command -v pdfsig >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 &&
    command -v openssl >/dev/null 2>&1
}

if ready; then
  say "$(font_path) and poppler-utils $(dpkg-query -W -f='${Version}' poppler-utils) already installed"
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  say "the PDF font or poppler-utils is missing. Run: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages[*]}"
  exit 1
fi
# apt's chatter goes to a log shown only when it fails.
log=$(mktemp); trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2; say "apt-get failed"; exit 1
fi
ready || { say "${packages[*]} did not install the font and pdfsig/pdftotext"; exit 1; }
say "installed ${packages[*]}; font at $(font_path)"
