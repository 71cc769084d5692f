#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Renders the Excel export for the README: docs/workbook.png, the first page (the Summary
# sheet) of last month's workbook from a new demo database (`kesu --demo-data 400`),
# opened by LibreOffice Calc (headless, converted to PDF) and drawn by pdftoppm at 70 dpi;
# docs/workbook-chart.png is the page of the "By Category" sheet with its chart.  Uses the
# same set-up as build-aux/run, plus libreoffice-calc-nogui and poppler-utils.
#   KESU_BIN=/path/to/kesu   use that build instead of setting up ./_install
#   LANGUAGE=en              the interface language of the workbook (default zh_CN)
set -euo pipefail

# shellcheck source=build-aux/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

if [[ -n "${KESU_BIN:-}" ]]; then
  kesu_ensure_packages libreoffice-calc-nogui poppler-utils fonts-noto-cjk
  kesu="$KESU_BIN"
else
  kesu_setup libreoffice-calc-nogui poppler-utils
  kesu="$KESU_INSTALL_DIR/bin/kesu"
fi

cd "$KESU_ROOT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# LANGUAGE is ignored under the plain C locale.
export LC_ALL=C.UTF-8
export LANGUAGE="${LANGUAGE:-zh_CN}"

month="$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)"
"$kesu" --database "$work/demo.db" --demo-data 400 >/dev/null
"$kesu" --database "$work/demo.db" --export-xlsx "$work/workbook.xlsx" --month "$month"

# LibreOffice keeps its profile in HOME: a throw-away one, so that nothing of the user's
# changes the picture (and nothing of ours stays behind).
HOME="$work" libreoffice --headless --convert-to pdf --outdir "$work" "$work/workbook.xlsx" \
  >/dev/null

mkdir -p docs
pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$work/workbook.pdf" docs/workbook

# The page that shows the first chart: the first one whose text has no complaint numbers
# and has the category table's "Total" row after the Complaints sheet's pages.
pages="$(pdfinfo "$work/workbook.pdf" | awk '/^Pages:/ { print $2 }')"
for ((page = 2; page <= pages; page++)); do
  text="$(pdftotext -f "$page" -l "$page" -layout "$work/workbook.pdf" -)"
  if ! grep -q 'KS-[0-9]\{6\}-' <<<"$text" && grep -q '%' <<<"$text"; then
    pdftoppm -png -r 70 -f "$page" -l "$page" -singlefile "$work/workbook.pdf" \
      docs/workbook-chart
    break
  fi
done
echo "docs/workbook.png, docs/workbook-chart.png (page ${page:-?}): $month"
