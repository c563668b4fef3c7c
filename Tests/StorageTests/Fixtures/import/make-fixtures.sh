#!/bin/sh
# Remakes the import fixtures from src/ (UTF-8, LF) the way the field makes them:
# Excel on Chinese Windows saves "CSV (逗号分隔)" as GB18030 with CRLF line ends; Excel's
# "CSV UTF-8" starts the file with a byte-order mark, also with CRLF.
set -e
cd "$(dirname "$0")"
crlf() { sed 's/$/\r/' "$1"; }
crlf src/schools.csv | iconv -f UTF-8 -t GB18030 > excel-gb18030-schools.csv
crlf src/excel-students.csv | iconv -f UTF-8 -t GB18030 > excel-gb18030-students.csv
crlf src/excel-students-bad.csv | iconv -f UTF-8 -t GB18030 > excel-gb18030-students-bad.csv
{ printf '\357\273\277'; crlf src/bom-crlf-students.csv; } > utf8-bom-crlf-students.csv
# A GB18030 file cut inside its last character (a copy that stopped short): neither UTF-8 nor GB18030.
# It ends after the first byte of 刘 (C1 F5 in GB18030) on the last line.
cut=$(LC_ALL=C grep -obaP '\xc1\xf5' excel-gb18030-students.csv | tail -n 1 | cut -d: -f1)
head -c $((cut + 1)) excel-gb18030-students.csv > gb18030-cut-students.csv
# A UTF-8 file with one stray byte (0xB5, the first byte of 第 in GBK) pasted into a name.
sed '3s/李思思/李\xb5思/' src/excel-students.csv > utf8-stray-byte-students.csv
