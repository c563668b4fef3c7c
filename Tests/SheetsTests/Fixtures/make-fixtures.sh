#!/usr/bin/env bash
# Remakes the .xlsx fixtures from src/ with LibreOffice (not needed by the tests, which read the
# committed files; run by hand after `apt-get install -y libreoffice-calc-nogui`).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp src/students.fods "$tmp/students.fods"
cp src/students.csv "$tmp/csv-ids-as-numbers.csv"
cp src/students.csv "$tmp/csv-ids-as-text.csv"
# A typed spreadsheet: every cell's type is stated in the flat ODS.
soffice --headless --convert-to xlsx --outdir "$tmp/out" "$tmp/students.fods"
# CSV, UTF-8 (76), comma (44), quote (34), from line 1, every column detected: ID numbers become numbers.
soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$tmp/out" "$tmp/csv-ids-as-numbers.csv"
# The same CSV with columns 1, 2, 3 and 5 read as text (2) and column 4 as a Y-M-D date (5).
soffice --headless --infilter="CSV:44,34,76,1,1/2/2/2/3/2/4/5/5/2/6/1" --convert-to xlsx --outdir "$tmp/out" "$tmp/csv-ids-as-text.csv"
cp "$tmp"/out/*.xlsx .
ls -l ./*.xlsx
