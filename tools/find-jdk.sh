#!/usr/bin/env bash
# Prints the home of a JDK 21 or newer: JAVA_HOME when it qualifies, else the
# newest one under /usr/lib/jvm (25 preferred, since Truffle's optimizing runtime
# and the foreign-function API were measured there). Exits 1 with advice if none.
set -u

major_of() {
    local release="$1/release"
    [ -x "$1/bin/javac" ] || return 1
    [ -f "$release" ] || return 1
    local v
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    [ -n "$v" ] && echo "$v"
}

if [ -n "${JAVA_HOME:-}" ]; then
    v=$(major_of "$JAVA_HOME") || v=0
    if [ "$v" -ge 21 ]; then
        echo "$JAVA_HOME"
        exit 0
    fi
    echo "graft: JAVA_HOME=$JAVA_HOME is not a JDK 21 or newer; looking in /usr/lib/jvm" >&2
fi

best=""
best_v=0
for d in /usr/lib/jvm/*; do
    [ -d "$d" ] || continue
    [ -L "$d" ] && continue
    v=$(major_of "$d") || continue
    # 25 is preferred over anything newer that was not measured.
    rank=$v
    [ "$v" -eq 25 ] && rank=1000
    if [ "$v" -ge 21 ] && [ "$rank" -gt "$best_v" ]; then
        best=$d
        best_v=$rank
    fi
done

if [ -z "$best" ]; then
    cat >&2 <<'MSG'
graft: no JDK 21 or newer found (JAVA_HOME unset or too old, nothing suitable in /usr/lib/jvm).
graft: install one, e.g. `apt-get install openjdk-21-jdk` or Temurin 25 from adoptium.net, or set JAVA_HOME.
MSG
    exit 1
fi
echo "$best"
