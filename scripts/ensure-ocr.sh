#!/usr/bin/env bash
# Makes sure the tesseract binary with its Simplified Chinese model (chi_sim)
# is installed for package ocr, and a CJK font for its tests, which render
# their own scans. Installs Debian's packages when running as root.
set -euo pipefail
say() { echo "ensure-ocr: $*" >&2; }

packages=(tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk)
# ocr's tests draw with this font. The smaller Debian CJK fonts do not serve:
# golang.org/x/image/font/sfnt refuses WenQuanYi's unaligned tables, and
# Droid Sans Fallback has no Latin digits.
font=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

has_chi_sim() {
  command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx chi_sim
}

if has_chi_sim && [[ -f "$font" ]]; then
  say "tesseract $(tesseract --version 2>/dev/null | head -n1 | awk '{print $2}') with chi_sim and $font already installed"
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  say "tesseract with chi_sim (or the test font) is missing. Run:"
  say "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages[*]}"
  exit 1
fi
# apt's chatter goes to a log shown only when it fails.
log=$(mktemp); trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2; say "apt-get failed"; exit 1
fi
has_chi_sim || { say "tesseract with chi_sim did not install"; exit 1; }
[[ -f "$font" ]] || { say "$font did not install"; exit 1; }
say "installed ${packages[*]}"
