#!/usr/bin/env bash
# Runs the CPU benchmark (gpu-engine's test class dev.graft.engine.bench.CpuBench):
# MatMul GFLOP/s and one forward pass per shared model, Graft beside onnxruntime.
# Needs a built tree (`make build`); prints Markdown tables for bench/cpu.md.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
java_home=$(tools/find-jdk.sh)
export JAVA_HOME="$java_home"
mvn -B -q -ntp -pl gpu-engine test-compile
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -B -q -ntp -pl gpu-engine dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec "$java_home/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    --add-modules jdk.incubator.vector \
    -cp "gpu-engine/target/test-classes:gpu-engine/target/classes:$(cat "$cp_file")" \
    dev.graft.engine.bench.CpuBench models "$@"
