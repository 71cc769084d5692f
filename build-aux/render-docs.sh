#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Renders the customer's papers for the README: docs/receipt.png (投诉受理回执) and
# docs/agreement.png (处理方案确认书), the first page of each at 80 dpi, in Chinese, from a
# new demo database (`kesu --demo-data 50`).  Uses the same set-up as build-aux/run (the
# build installed into ./_install, with its translations) plus poppler-utils (pdftoppm).
set -euo pipefail

# shellcheck source=build-aux/setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

kesu_setup poppler-utils

cd "$KESU_ROOT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
kesu="$KESU_INSTALL_DIR/bin/kesu"

# Chinese labels; LANGUAGE is ignored under the plain C locale.
export LC_ALL=C.UTF-8
export LANGUAGE=zh_CN

"$kesu" --database "$work/demo.db" --demo-data 200 >/dev/null

# The newest case still at intake for the receipt; for the agreement a case being carried
# out, else the newest with a solution recorded.  Debian's python, whatever python3 is.
read -r receipt agreement < <(/usr/bin/python3 - "$work/demo.db" <<'PY'
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])


def first(sql):
    row = db.execute(sql).fetchone()
    return row[0] if row else None


# A walk-in the customer signed at the desk, as a receipt usually is.
receipt = first("SELECT c.number FROM complaint c JOIN signature s ON s.complaint_id = c.id"
                " WHERE s.purpose = 'intake' AND s.png IS NOT NULL"
                " ORDER BY c.received_at DESC LIMIT 1") \
    or first("SELECT number FROM complaint WHERE state = 'received'"
             " ORDER BY received_at DESC LIMIT 1") \
    or first("SELECT number FROM complaint ORDER BY received_at DESC LIMIT 1")
agreement = first("SELECT number FROM complaint WHERE state = 'executing'"
                  " ORDER BY received_at DESC LIMIT 1") \
    or first("SELECT number FROM complaint WHERE solution != '' AND measures IS NOT NULL"
             " ORDER BY received_at DESC LIMIT 1")
if not receipt or not agreement:
    sys.exit("the demo data has no case to print")
print(receipt, agreement)
PY
)

"$kesu" --database "$work/demo.db" --print-receipt "$receipt" --pdf "$work/receipt.pdf"
"$kesu" --database "$work/demo.db" --print-agreement "$agreement" --pdf "$work/agreement.pdf"

mkdir -p docs
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/receipt.pdf" docs/receipt
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/agreement.pdf" docs/agreement
echo "docs/receipt.png ($receipt), docs/agreement.png ($agreement)"
