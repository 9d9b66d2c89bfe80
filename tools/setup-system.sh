#!/usr/bin/env bash
# The system packages the tests need, installed on Debian/Ubuntu by the one script that both
# `make test` and `.ci/run` call. Run as root or with password-less sudo, it installs what is
# missing; otherwise it stops at once (before any build) and prints the single command to run.
# Packages already present cost nothing: the check is one dpkg query per package.
set -euo pipefail
cd "$(dirname "$0")/.."

# ---------------------------------------------------------------- the one list (Debian package names)
APT_PACKAGES=(
  chromium                     # tests/test_site.py: the built site in headless Chromium
  fonts-noto-cjk               # Hangul in the browser and in the PDF
  texlive-xetex                # tests/test_pdf.py: the PDF is typeset with XeLaTeX ...
  texlive-lang-cjk             # ... with xeCJK for Hangul
  texlive-latex-extra
  texlive-fonts-recommended
  latexmk
  poppler-utils                # tests/test_pdf.py: pdftotext, pdftoppm, pdffonts, pdfinfo
  default-jre-headless         # tests/test_site_access.py: the Nu Html Checker (vnu.jar) runs on Java
)
# npm tools: every folder here that has a committed package-lock.json gets `npm ci --prefix FOLDER`
# (exact versions from the lock file) whenever its node_modules is missing or older than the lock.
NPM_FOLDERS=(
  tools/web
)
NPM_APT_PACKAGES=(nodejs npm)  # needed only when one of NPM_FOLDERS has a lock file and npm is not on PATH
# ------------------------------------------------------------------------------------------------------

installed() {  # is the Debian package $1 installed?
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

npm_folders=()
wanted=("${APT_PACKAGES[@]}")
for folder in "${NPM_FOLDERS[@]}"; do
  if [ -f "$folder/package-lock.json" ]; then
    command -v npm >/dev/null 2>&1 || wanted+=("${NPM_APT_PACKAGES[@]}")
    if [ ! -f "$folder/node_modules/.package-lock.json" ] \
       || [ "$folder/package-lock.json" -nt "$folder/node_modules/.package-lock.json" ]; then
      npm_folders+=("$folder")
    fi
  fi
done
# de-duplicate, keeping the order
mapfile -t wanted < <(printf '%s\n' "${wanted[@]}" | awk '!seen[$0]++')

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "System packages: not a Debian/Ubuntu system, so they cannot be checked or installed here."
  echo "  The tests need the equivalents of: ${wanted[*]}"
  missing=()
else
  missing=()
  for package in "${wanted[@]}"; do
    installed "$package" || missing+=("$package")
  done
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "The tests need system packages that are missing: ${missing[*]}" >&2
    echo "Install them with this command, then run 'make test' again:" >&2
    echo "" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    echo "" >&2
    exit 1
  fi
  echo "System packages: installing ${missing[*]} (apt-get, a few minutes the first time)"
  start=$(date +%s)
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  echo "  installed in $(( $(date +%s) - start )) s"
else
  echo "System packages: all ${#wanted[@]} present"
fi

for folder in "${npm_folders[@]}"; do
  echo "npm tools: npm ci --prefix $folder"
  npm ci --prefix "$folder" --no-audit --no-fund --loglevel=error
done
