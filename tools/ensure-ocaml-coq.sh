#!/usr/bin/env bash
# Makes sure coqc, ocamlfind and dune are on the PATH, installing Debian's
# packages when they are missing and this user may; otherwise says what to run.
set -u
missing=""
command -v coqc >/dev/null 2>&1 || missing="$missing coq"
command -v ocamlfind >/dev/null 2>&1 || missing="$missing ocaml-findlib"
command -v dune >/dev/null 2>&1 || missing="$missing ocaml-dune"
[ -z "$missing" ] && exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "graft: installing$missing with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null && exit 0
    echo "graft: apt-get could not install$missing" >&2
    exit 1
fi
echo "graft: missing$missing; run: sudo apt-get install coq ocaml-dune ocaml-findlib" >&2
exit 1
