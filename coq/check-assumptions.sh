#!/usr/bin/env bash
# Checks that the development assumes nothing: no Admitted, admit, Axiom
# (or other way to postulate) in any source, and Print Assumptions of every
# theorem stated in Main.v prints "Closed under the global context".
set -u
cd "$(dirname "$0")"

if grep -nwE 'Admitted|admit|Axiom|Axioms|Conjecture|Parameter|Parameters' ./*.v ../extracted/*.v; then
    echo "FAIL: the sources above postulate something"
    exit 1
fi

theorems=$(sed -n 's/^ *Theorem \([A-Za-z0-9_'"'"']*\).*/\1/p' Main.v)
[ -n "$theorems" ] || { echo "FAIL: no theorem found in Main.v"; exit 1; }
{
    echo "From CorePyPM Require Import Main."
    for t in $theorems; do echo "Print Assumptions $t."; done
} > Assumptions.v
coqc -Q . CorePyPM Assumptions.v > Assumptions.out 2>&1 || { cat Assumptions.out; rm -f Assumptions.v; exit 1; }
rm -f Assumptions.v Assumptions.vo Assumptions.vok Assumptions.vos Assumptions.glob .Assumptions.aux

expected=$(echo "$theorems" | wc -l)
closed=$(grep -c '^Closed under the global context$' Assumptions.out)
if [ "$closed" -ne "$expected" ]; then
    cat Assumptions.out
    echo "FAIL: $closed of $expected main theorems are closed under the global context"
    exit 1
fi
echo "$expected main theorems, each closed under the global context:" $theorems
