#!/usr/bin/env bash
# Replays a cases file through one pypm-ref process and compares each answer
# with the expected one.  Format: a request line, then its expected answer on
# a line starting with "= "; lines starting with ";" name and explain cases.
# Comment and blank lines are also sent, to check that they get no answer.
# Prints each failure and a last line "N passed, M failed"; fails if M > 0.
set -u
ref=$1 cases=$2
expected=$(mktemp) actual=$(mktemp) names=$(mktemp)
trap 'rm -f "$expected" "$actual" "$names"' EXIT

awk -v expfile="$expected" -v namefile="$names" '
  /^;/ { if ($0 ~ /^; *case:/) { name = $0; sub(/^; *case: */, "", name) } next }
  /^= / { print substr($0, 3) > expfile; print (name == "" ? "line " NR : name) > namefile; next }
' "$cases"
grep -v '^= ' "$cases" | "$ref" > "$actual"

paste -d '\n' "$names" "$expected" "$actual" /dev/null | awk -v n_exp="$(wc -l < "$expected")" -v n_act="$(wc -l < "$actual")" '
  { name = $0; getline want; getline got; getline blank
    if (want == got) pass++
    else { fail++; printf "FAIL %s\n  expected: %s\n  actual:   %s\n", name, want, got } }
  END {
    if (n_act != n_exp) { printf "FAIL answer count: %d expected, %d answered\n", n_exp, n_act; fail++ }
    printf "%d passed, %d failed\n", pass, fail
    exit (fail > 0) }'
