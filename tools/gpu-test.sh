#!/usr/bin/env bash
# Runs every GPU test of the attention library and prints a pass/fail table; with
# --bench, runs the attention benchmark and its PyTorch peers instead and writes
# attention-bench.json (and the plot when matplotlib is there) to $OUT or the bundle;
# with --models, runs the shared models (models/ beside the bundle) on --backend cuda
# against their expected outputs; with --pipeline-bench ARGS, runs graft bench-pipeline --throughput
# cuda:all ARGS and writes pipeline-bench.md; --engine-bench and --captured-bench time a synth
# Llama's forward pass (see below).
# On the GPU machine run it from the bundle made by tools/gpu-bundle.sh:
#     bash bundle/gpu-test.sh [--bench] [CHECK-NAME-FILTER...]   (GRAFT_BENCH_PEERS=0: no peers)
# Run from a checkout on a machine with Java and a GPU, it builds the bundle first.
# Without a usable CUDA device it prints "no CUDA device: ..." and exits 0.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
if [ ! -f "$HERE/lib/graft-engine-tests.jar" ]; then
    "$HERE/gpu-bundle.sh" "$HERE/../bundle"
    exec bash "$HERE/../bundle/gpu-test.sh" "$@"
fi
[ -x "$HERE/jre/bin/java" ] || tar -xzf "$HERE/jre.tgz" -C "$HERE"
export GRAFT_KERNEL_CACHE=${GRAFT_KERNEL_CACHE:-$HERE/kernel-cache}
export NCCL_NVLS_ENABLE=0 TORCH_SYMM_MEM_DISABLE_MULTICAST=1 NVSHMEM_DISABLE_NVLS=1
# GRAFT_GPU_WRAPPER runs the JVM under a tool, e.g. "compute-sanitizer --tool memcheck".
read -r -a WRAPPER <<< "${GRAFT_GPU_WRAPPER:-}"
JAVA=("${WRAPPER[@]}" "$HERE/jre/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
      -Xmx${GRAFT_GPU_HEAP:-24g} -Dgraft.repo="$HERE/.." -cp "$HERE/lib/*")
RESULTS=${OUT:-$HERE}

# With GRAFT_ENGINE_JAR set, the attention bench runs that engine jar instead and writes
# attention-bench-baseline.json, without peers (before/after in one call).
if [ "${1:-}" = "--bench" ] && [ -n "${GRAFT_ENGINE_JAR:-}" ]; then
    shift
    JAVA=("${JAVA[@]:0:${#JAVA[@]}-1}" "$GRAFT_ENGINE_JAR:$HERE/lib/*")
    exec "${JAVA[@]}" dev.graft.engine.cuda.AttentionBench "$RESULTS/attention-bench-baseline.json" "$@"
fi
if [ "${1:-}" = "--bench" ]; then
    shift
    "${JAVA[@]}" dev.graft.engine.cuda.AttentionBench "$RESULTS/attention-bench.json" "$@"
    [ "${GRAFT_BENCH_PEERS:-1}" = 1 ] || exit 0
    if command -v python3 >/dev/null; then
        PYTHONUNBUFFERED=1 python3 "$HERE/attention_peers.py" "$RESULTS/attention-peers.json" || echo "peers failed"
        python3 "$HERE/attention_plot.py" "$RESULTS" || echo "plot failed"
    fi
    exit 0
fi
# --engine-bench SPEC BACKEND BATCH SEQ [std] [RUNS]: one forward pass of a synth Llama
# (CudaEngineBench); with GRAFT_ENGINE_JAR set, timed on that engine jar instead (before/after).
if [ "${1:-}" = "--engine-bench" ]; then
    shift
    if [ -n "${GRAFT_ENGINE_JAR:-}" ]; then
        JAVA=("${JAVA[@]:0:${#JAVA[@]}-1}" "$GRAFT_ENGINE_JAR:$HERE/lib/*")
    fi
    exec "${JAVA[@]}" -Dtruffle.UseFallbackRuntime=true -Dpolyglot.engine.WarnInterpreterOnly=false \
        dev.graft.engine.cuda.CudaEngineBench "$@"
fi
# --captured-bench SPEC f32|bf16 BxS[,BxS...] [std] [RUNS]: a synth Llama's forward pass on the
# device, eager and replayed as a captured CUDA graph (CapturedForwardBench).
if [ "${1:-}" = "--captured-bench" ]; then
    shift
    exec "${JAVA[@]}" -Dtruffle.UseFallbackRuntime=true -Dpolyglot.engine.WarnInterpreterOnly=false \
        dev.graft.engine.cuda.CapturedForwardBench "$@"
fi
if [ "${1:-}" = "--models" ]; then
    status=0
    for model in "$HERE"/../models/*.onnx; do
        echo "== $(basename "$model") on --backend cuda"
        "${JAVA[@]}" dev.graft.engine.cuda.EngineRunMain "$model" --backend cuda \
            --check "${model%.onnx}.expected.json" || status=1
    done
    exit $status
fi
# With GRAFT_ENGINE_JAR set, the pipeline bench runs that engine jar instead (before/after in one call).
if [ "${1:-}" = "--pipeline-bench" ]; then
    shift
    if [ -n "${GRAFT_ENGINE_JAR:-}" ]; then
        JAVA=("${JAVA[@]:0:${#JAVA[@]}-1}" "$GRAFT_ENGINE_JAR:$HERE/lib/*")
    fi
    "${JAVA[@]}" -Dtruffle.UseFallbackRuntime=true -Dpolyglot.engine.WarnInterpreterOnly=false \
        dev.graft.launcher.GraftMain bench-pipeline --throughput cuda:all "$@" | tee "$RESULTS/pipeline-bench.md"
    exit "${PIPESTATUS[0]}"
fi
status=0
"${JAVA[@]}" -Dtruffle.UseFallbackRuntime=true -Dpolyglot.engine.WarnInterpreterOnly=false \
    dev.graft.engine.cuda.GpuTestMain "$@" || status=1
# Pipeline workers (filter "pipeline" or none): each schedule's step and data parallelism on the
# GPUs against the CPU step, and a failing worker.
if [ -z "${1:-}" ] || [[ pipeline == *"$1"* ]]; then
    "${JAVA[@]}" dev.graft.pipeline.cuda.PipelineGpuTestMain || status=1
fi
# End to end (filter "serving" or none): greedy generation must give the tokens of full
# recomputation on the CPU (--check) through PagedAttention over the GPU's paged cache, for a
# synth Llama of head dim 64 (also through the unfused contiguous baseline) and for the
# shared models (models/ beside the bundle, head dim 16); and on cuda:bf16, decode steps
# replayed as CUDA graphs must give the tokens of the same steps run uncaptured.
serving_check() {
    local label=$1 expect=$2
    shift 2
    echo "== serving: graft $*"
    local log result
    if log=$("${JAVA[@]}" -Dtruffle.UseFallbackRuntime=true -Dpolyglot.engine.WarnInterpreterOnly=false \
            dev.graft.launcher.GraftMain "$@" 2>&1) && grep -q -- "$expect" <<< "$log"; then
        result=pass
    elif grep -q "no CUDA device" <<< "$log"; then
        result="skipped (no CUDA device)"
    else
        result=FAIL
        status=1
    fi
    echo "$log"
    echo "| serving: $label | $result |"
    LAST_LOG=$log
}
if [ -z "${1:-}" ] || [[ serving == *"$1"* ]]; then
    declare -A SHARED_PROMPTS
    MODEL="llama:layers=2,hidden=256,heads=4,kv-heads=2,ffn=512,vocab=512,seed=3"
    PROMPT=(--prompt-ids 37,235,396,72,255,11,480 --max-new-tokens 16 --page-size 4)
    serving_check "generate --backend cuda, tokens vs CPU full recomputation" "check: every" \
        generate "$MODEL" --rules std "${PROMPT[@]}" --backend cuda --check
    serving_check "generate --baseline unfused-contiguous --backend cuda, tokens vs CPU" "check: every" \
        generate "$MODEL" --rules std "${PROMPT[@]}" --backend cuda --baseline unfused-contiguous --check
    SHARED_PROMPTS=([tiny-llama-gqa]=466,278,463,43,364,447,61,17 [tiny-gpt2]=80,336,511,409,82,115,229,210)
    for shared in tiny-llama-gqa tiny-gpt2; do
        serving_check "generate $shared.dyn.onnx --backend cuda (head dim 16), tokens vs CPU" "check: every" \
            generate "$HERE/../models/$shared.dyn.onnx" --rules std --prompt-ids "${SHARED_PROMPTS[$shared]}" \
            --max-new-tokens 16 --backend cuda --check
    done
    BATCH=$(mktemp --suffix=.json)
    echo '[{"prompt_ids": [5, 9, 200, 31], "max_new_tokens": 14}, {"prompt_ids": [77, 3], "max_new_tokens": 14},
           {"prompt_ids": [310, 8, 8, 121, 64, 2], "max_new_tokens": 14}]' > "$BATCH"
    serving_check "generate --backend cuda:bf16, CUDA graphs off" "request 2" \
        generate "$MODEL" --batch "$BATCH" --backend cuda:bf16 --kv-dtype bf16 --cuda-graphs off
    uncaptured=$(grep "^request" <<< "$LAST_LOG")
    serving_check "generate --backend cuda:bf16, decode steps replayed as CUDA graphs" "replays" \
        generate "$MODEL" --batch "$BATCH" --backend cuda:bf16 --kv-dtype bf16 --cuda-graphs on
    captured=$(grep "^request" <<< "$LAST_LOG")
    if [ -n "$captured" ] && [ "$captured" = "$uncaptured" ] && ! grep -q " 0 replays" <<< "$LAST_LOG"; then
        echo "| serving: replayed decode steps give the uncaptured steps' tokens | pass |"
    else
        echo "| serving: replayed decode steps give the uncaptured steps' tokens | FAIL |"
        status=1
    fi
    rm -f "$BATCH"
fi
exit $status
