#!/usr/bin/env bash
# Remakes the .xlsx fixtures with LibreOffice (Debian: apt-get install libreoffice-calc-nogui),
# as an administrator's spreadsheet would hold them: the same CSV read with the ID column as
# text (students-ids-as-text.xlsx) and as LibreOffice reads it by default, ID numbers turned
# into numbers that lose their last digits (students-ids-as-numbers.xlsx). Dates become date
# cells (serial numbers) in both. students-family.xlsx (issue 17) has the family situation under
# its Chinese headers (是否随迁子女, 是否留守儿童) as a spreadsheet holds it: text (是, 否, 不详),
# numbers (1, 0), a boolean (FALSE) and empty cells.
set -euo pipefail
cd "$(dirname "$0")"
t=$(mktemp -d)
soffice --headless --infilter="CSV:44,34,76,1,1/2/2/2/3/1/4/2/5/2/6/2/7/1/8/1/9/1" --convert-to xlsx --outdir "$t/txt" src/students.csv
soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$t/num" src/students.csv
soffice --headless --infilter="CSV:44,34,76,1,1/2" --convert-to xlsx --outdir "$t/family" src/students-family.csv
cp "$t/txt/students.xlsx" students-ids-as-text.xlsx
cp "$t/num/students.xlsx" students-ids-as-numbers.xlsx
cp "$t/family/students-family.xlsx" students-family.xlsx
rm -rf "$t"
