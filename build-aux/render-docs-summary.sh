#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Renders the monthly complaint summary (月度投诉汇总) for the README: docs/summary-1.png and
# docs/summary-2.png, its first two pages at 70 dpi, in Chinese, for last month of a new
# demo database (`kesu --demo-data 400`).  Uses the same set-up as build-aux/run (the build
# installed into ./_install, with its translations) plus poppler-utils (pdftoppm).
# KESU=path/to/kesu uses that executable instead.
set -euo pipefail

# shellcheck source=build-aux/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

if [[ -z "${KESU:-}" ]]; then
  kesu_setup poppler-utils
  kesu="$KESU_INSTALL_DIR/bin/kesu"
else
  kesu="$KESU"
fi

cd "$KESU_ROOT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Chinese labels; LANGUAGE is ignored under the plain C locale.
export LC_ALL=C.UTF-8
export LANGUAGE=zh_CN

month="$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)"
"$kesu" --database "$work/demo.db" --demo-data 400 >/dev/null
"$kesu" --database "$work/demo.db" --summary-pdf "$work/summary.pdf" --month "$month"

mkdir -p docs
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/summary.pdf" docs/summary-1
pdftoppm -png -r 70 -f 2 -l 2 -singlefile "$work/summary.pdf" docs/summary-2
echo "docs/summary-1.png, docs/summary-2.png ($month)"
