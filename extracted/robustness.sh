#!/usr/bin/env bash
# pypm-ref must never die on input: feeds it deterministic garbage (random
# bytes and tokens, very deep nesting, a stack-exhausting request) in one
# process and checks that every non-comment line got exactly one answer line.
set -u
export LC_ALL=C
ref=$1
input=$(mktemp) output=$(mktemp)
trap 'rm -f "$input" "$output"' EXIT

awk 'BEGIN {
  srand(20261126)
  split("( ) ( ) \" \\ _ match def var op fvar alt and guard exists existsf call list opof attr arity fname len index + - * / % == != < <= > >= not or true false 0 -1 9223372036854775808 x F P ;", tok, " ")
  n = length(tok)
  for (i = 0; i < 400; i++) {
    line = ""
    for (j = int(rand() * 30); j > 0; j--) line = line tok[int(rand() * n) + 1] (rand() < 0.7 ? " " : "")
    print line
  }
  for (i = 0; i < 100; i++) {
    line = ""
    for (j = int(rand() * 60); j > 0; j--) line = line sprintf("%c", 1 + int(rand() * 254))
    gsub(/\n/, " ", line)
    print line
  }
  deep = ""; for (i = 0; i < 50000; i++) deep = deep "("; print deep
  deep = "(match () "; for (i = 0; i < 9000; i++) deep = deep "(alt _ "; deep = deep "_"; for (i = 0; i < 9000; i++) deep = deep ")"; print deep " (a ()) 0)"
  print "(match ((def P () (alt (call P) _))) (call P) (a ()) 3000000)"
  print "(match () _ (a ()) 0)"
}' > "$input"

"$ref" < "$input" > "$output"
status=$?
questions=$(awk '!/^[ \t\r]*(;.*)?$/' "$input" | wc -l)
answers=$(wc -l < "$output")
bad=$(grep -cv '^(\(ok\|exhausted\|error\)' "$output")
if [ "$status" -ne 0 ] || [ "$questions" -ne "$answers" ] || [ "$bad" -ne 0 ] || [ "$(tail -n 1 "$output")" != "(ok (()))" ]; then
    echo "FAIL robustness: exit $status, $questions requests, $answers answers, $bad not answers"
    exit 1
fi
echo "robustness: $answers garbage and extreme requests answered, none fatal"
