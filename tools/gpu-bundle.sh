#!/usr/bin/env bash
# Builds the folder that GPU tests and benchmarks run from on a GPU machine that has no
# Java: a jlink'd Java runtime (jre.tgz), the engine's classes and test classes, its
# runtime jars (JCuda, picocli, Jackson, the ONNX protobuf classes), the launcher's jars for the serving
# commands, and the scripts. Usage: tools/gpu-bundle.sh [OUTPUT_DIR]   (default: bundle/)
# The folder stays under 64 MiB (JCuda natives slimmed to the driver binding, below); bundle/ is git-ignored.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mkdir -p "${1:-$ROOT/bundle}" && cd "${1:-$ROOT/bundle}" && pwd)
export JAVA_HOME=${JAVA_HOME:-$("$ROOT/tools/find-jdk.sh")}
cd "$ROOT"

mvn -B -ntp -q -Dstyle.color=never -pl gpu-engine -DskipTests package
rm -rf "$OUT/lib"
mvn -B -ntp -q -Dstyle.color=never -pl gpu-engine dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$OUT/lib"

cp gpu-engine/target/gpu-engine-*.jar "$OUT/lib/graft-engine.jar"
"$JAVA_HOME/bin/jar" --create --file "$OUT/lib/graft-engine-tests.jar" -C gpu-engine/target/test-classes .

# The serving commands (graft generate, serve-bench) rewrite with the rule engine: the
# launcher's jars (Truffle, the rules, the launcher itself) join the engine's; gpu-test.sh
# runs them on Truffle's fallback runtime, which needs no more JDK modules.
mvn -B -ntp -q -Dstyle.color=never -pl launcher -am -DskipTests package
for jar in launcher/target/graft.jar launcher/target/lib/*.jar; do
    case "$(basename "$jar")" in gpu-engine-*) continue ;; esac
    [ -f "$OUT/lib/$(basename "$jar")" ] || cp "$jar" "$OUT/lib/"
done

# JCuda's natives jar holds four JNI libraries (26 MB); the engine calls the driver API only
# (jcuda.driver.JCudaDriver, whose loader extracts lib/libJCudaDriver-*.so from the jar and
# loads nothing else; NVRTC and cuBLAS are CUDA 13's own, through java.lang.foreign), so the
# bundle keeps that one and drops the runtime, NVRTC and nvPTXCompiler bindings (24 MB of them).
for natives in "$OUT"/lib/jcuda-natives-*.jar; do
    slim=$(mktemp -d)
    (cd "$slim" && "$JAVA_HOME/bin/jar" xf "$natives" META-INF/MANIFEST.MF lib/)
    find "$slim/lib" -type f ! -name 'libJCudaDriver-*' -delete
    if [ -z "$(ls "$slim/lib")" ]; then
        echo "gpu-bundle.sh: $(basename "$natives") has no libJCudaDriver library" >&2
        exit 1
    fi
    "$JAVA_HOME/bin/jar" --create --file "$natives" --manifest "$slim/META-INF/MANIFEST.MF" -C "$slim" lib
    rm -rf "$slim"
done

# The runtime image only changes with the JDK and the module list: keep it between bundles.
MODULES=java.base,java.logging,jdk.unsupported,jdk.incubator.vector
JRE_CACHE="$ROOT/build/jre-$(basename "$(readlink -f "$JAVA_HOME")")-$(echo "$MODULES" | md5sum | cut -c1-8).tgz"
if [ ! -f "$JRE_CACHE" ]; then
    mkdir -p "$ROOT/build"
    rm -rf "$ROOT/build/jre"
    "$JAVA_HOME/bin/jlink" --add-modules "$MODULES" \
        --strip-debug --no-header-files --no-man-pages --compress=zip-9 --output "$ROOT/build/jre"
    tar -czf "$JRE_CACHE" -C "$ROOT/build" jre
    rm -rf "$ROOT/build/jre"
fi
cp "$JRE_CACHE" "$OUT/jre.tgz"
cp tools/gpu-test.sh tools/attention_peers.py tools/attention_plot.py tools/serving-bench.sh tools/serving_peer.py \
    tools/serving_plot.py "$OUT/"
du -sh "$OUT"
