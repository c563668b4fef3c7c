#!/usr/bin/env bash
# Parser cost (issue 16): callgrind instructions spent lexing and parsing (RQLParser.parse and
# StatementBuffer.append, collected alone with --toggle-collect) on a fixed corpus, the English
# demos' statements, by this build and by BASE (default: the last commit before the Chinese
# keywords); then by this build on the Chinese demos, for information.
#   bash bench/parser.sh [BASE]        (make bench-parser; about 8 minutes on 2 cores)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v valgrind >/dev/null || { echo "bench/parser.sh needs valgrind (apt-get install valgrind)" >&2; exit 2; }
base=${1:-ab4547b}
w=$root/.build/bench/parser
mkdir -p "$w"
swift build -c release --product xueji >/dev/null
strip --strip-debug -o "$w/xueji-now" .build/release/xueji
if [ ! -x "$w/xueji-base-$base" ]; then
    rm -rf "$w/base"
    git worktree add -f --detach "$w/base" "$base" >/dev/null 2>&1
    (cd "$w/base" && swift build -c release --product xueji >/dev/null)
    strip --strip-debug -o "$w/xueji-base-$base" "$w/base/.build/release/xueji"
    git worktree remove --force "$w/base"
fi
cat examples/0*.rql > "$w/corpus-en.rql"
ls examples/zh/*.rql >/dev/null 2>&1 && cat examples/zh/*.rql > "$w/corpus-zh.rql"
ir() {   # ir BINARY CORPUS: instructions inside the lexer and parser for one run
    valgrind --tool=callgrind --callgrind-out-file="$w/cg.out" \
        --toggle-collect='*RQLParser*5parse*' --toggle-collect='*StatementBuffer*6append*' \
        "$1" --today 2025-11-01 -f "$2" >/dev/null 2>&1 || true
    grep -m1 '^totals:' "$w/cg.out" | awk '{print $2}'
}
b=$(ir "$w/xueji-base-$base" "$w/corpus-en.rql")
n=$(ir "$w/xueji-now" "$w/corpus-en.rql")
echo "English demos: base $base $b Ir, now $n Ir: $(python3 -c "print(f'{($n/$b-1)*100:+.1f} %')")"
if [ -s "$w/corpus-zh.rql" ]; then
    z=$(ir "$w/xueji-now" "$w/corpus-zh.rql")
    echo "Chinese demos (now): $z Ir"
fi
