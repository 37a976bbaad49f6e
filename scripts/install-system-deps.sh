#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the tests need: Chromium (for Playwright + axe-core), fonts and Pango (print),
# hunspell with the en_US dictionary (spelling test) and a Java runtime (Nu HTML checker). Installs from the
# distribution's package registry only. Stops with a clear message if it cannot install.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v hunspell >/dev/null 2>&1 || need+=(hunspell)
[ -f /usr/share/hunspell/en_US.dic ] || need+=(hunspell-en-us)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
# Fonts the print tests measure with (so "one sheet" does not depend on the machine), and Pango
# for WeasyPrint's handout PDFs.
[ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || need+=(fonts-liberation)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
else
  echo "ERROR: the tests need these system packages: ${need[*]}" >&2
  echo "Install them as root, then run 'make test' again:" >&2
  echo "    apt-get update && apt-get install -y ${need[*]}" >&2
  echo "(On Ubuntu the 'chromium' package is a snap stub: use a Debian container, or install Chromium so that /usr/bin/chromium runs.)" >&2
  exit 1
fi
echo "Installing system packages: ${need[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
/usr/bin/chromium --version
