#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the app needs outside Python:
#   gettext (compiled translations), CJK fonts, Pango and HarfBuzz (WeasyPrint's PDF text
#   layout and font subsetting), poppler-utils (pdftoppm: the tests read printed QR codes back
#   from rendered PDFs), and the venv module when the system Python lacks it.
# Installs them itself when run as root or with password-less sudo; otherwise prints the one
# command an administrator has to run, and carries on with what is there.
set -euo pipefail

PYTHON=${PYTHON:-python3}
packages=(gettext fontconfig fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 poppler-utils)
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  version=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  packages+=("python${version}-venv")
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu system: install by hand the equivalents of: ${packages[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "These system packages are missing: ${missing[*]}" >&2
  echo "Ask an administrator to run:  sudo apt-get install -y ${missing[*]}" >&2
  echo "(Without them: PDFs lack Chinese fonts, translations cannot be recompiled.)" >&2
  exit 0
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
