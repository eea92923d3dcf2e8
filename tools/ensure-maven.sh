#!/usr/bin/env bash
# Makes sure Maven is on the PATH, installing Debian's package when it can.
set -u
command -v mvn >/dev/null 2>&1 && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "graft: installing maven with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq maven >/dev/null && exit 0
fi
echo "graft: Maven is missing; run: sudo apt-get install maven" >&2
exit 1
