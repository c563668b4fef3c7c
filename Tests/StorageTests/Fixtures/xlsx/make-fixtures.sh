#!/usr/bin/env bash
# Remakes the .xlsx fixtures with LibreOffice (Debian: apt-get install libreoffice-calc-nogui),
# as an administrator's spreadsheet would hold them: the same CSV read with the ID column as
# text (students-ids-as-text.xlsx) and as LibreOffice reads it by default, ID numbers turned
# into numbers that lose their last digits (students-ids-as-numbers.xlsx). Dates become date
# cells (serial numbers) in both.
set -euo pipefail
cd "$(dirname "$0")"
t=$(mktemp -d)
soffice --headless --infilter="CSV:44,34,76,1,1/2/2/2/3/1/4/2/5/2/6/2/7/1/8/1/9/1" --convert-to xlsx --outdir "$t/txt" src/students.csv
soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$t/num" src/students.csv
cp "$t/txt/students.xlsx" students-ids-as-text.xlsx
cp "$t/num/students.xlsx" students-ids-as-numbers.xlsx
rm -rf "$t"
