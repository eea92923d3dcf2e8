#!/usr/bin/env bash
# The serving comparison of issue #8 in one run on a GPU machine (bench/serving.md): for each
# model, the same static batch (B requests of P prompt tokens, P new tokens each, all at
# once) through (a) the unfused baseline (original ops, MatMul/Softmax/MatMul over a
# contiguous KV cache), (b) the fused graph with paged attention and its steps replayed as
# CUDA graphs (decode steps, and the prefill step once its shape repeats), all on --backend
# cuda:bf16 with a bf16 cache, and (c) PyTorch +
# transformers with SDPA in bf16 (serving_peer.py); then the plot (serving_plot.py).
# Run from the bundle (tools/gpu-bundle.sh): bash BUNDLE/serving-bench.sh NAME:L,H,Q,K,F,V,B,P[,SYSTEMS] ...
# SYSTEMS: the letters of the Graft runs, of b, d, e, p and a, in order (default "ba"): d is b with
# decode steps only captured (--cuda-graphs decode, prefill node by node), e is b without CUDA
# graphs, p is d with the timed prefill timed op by op (--profile-steps: its TTFT counts a hold).
# Three untimed passes of the trace come first: the first two run every step node by node (so the
# JIT has compiled the path that prefill steps take, as in a server that has been up a while), the
# third captures the steps' CUDA graphs; each log ends with where the steps' time went.
# Figures: serving-NAME-{a,b,d,e,p,c}.json and serving-NAME-{a,b,d,e,p}.log in the bundle's results/; after
# each model the plot, serving.png, and those files as serving-results.tgz go to $OUT (or the bundle).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$HERE/jre/bin/java" ] || tar -xzf "$HERE/jre.tgz" -C "$HERE"
export GRAFT_KERNEL_CACHE=${GRAFT_KERNEL_CACHE:-$HERE/kernel-cache}
export NCCL_NVLS_ENABLE=0
RESULTS=$HERE/results
FINAL=${OUT:-$HERE}
mkdir -p "$RESULTS"
LIMIT=${SERVING_BENCH_LIMIT:-240}
JAVA=("$HERE/jre/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector
      "-Xmx${SERVING_BENCH_HEAP:-100g}" -Dtruffle.UseFallbackRuntime=true -Dpolyglot.engine.WarnInterpreterOnly=false
      -cp "$HERE/lib/*" dev.graft.launcher.GraftMain)
for config in "$@"; do
    name=${config%%:*}
    IFS=, read -r L H Q K F V B P SYSTEMS <<< "${config#*:}"
    spec="llama:layers=$L,hidden=$H,heads=$Q,kv-heads=$K,ffn=$F,vocab=$V,seed=1"
    pages=$(( (B * 2 * P + 15) / 16 ))
    budget=$(( B * P > 256 ? B * P : 256 ))
    common=(serve-bench "$spec" --requests "$B" --lengths "uniform:$P-$P" --max-running "$B" --pages "$pages"
            --page-size 16 --token-budget "$budget" --backend cuda:bf16 --kv-dtype bf16 --warmup 3)
    for system in $(grep -o . <<< "${SYSTEMS:-ba}"); do
        extra=()
        [ "$system" = a ] && extra=(--baseline unfused-contiguous)
        [ "$system" = d ] && extra=(--cuda-graphs decode)
        [ "$system" = e ] && extra=(--cuda-graphs off)
        [ "$system" = p ] && extra=(--cuda-graphs decode --profile-steps)
        echo "== $name ($system): graft ${common[*]} ${extra[*]}"
        timeout "$LIMIT" "${JAVA[@]}" "${common[@]}" "${extra[@]}" --json "$RESULTS/serving-$name-$system.json" \
            > "$RESULTS/serving-$name-$system.log" 2>&1
        echo "exit $?"; tail -n 12 "$RESULTS/serving-$name-$system.log"
    done
    echo "== $name (c): PyTorch"
    PYTHONUNBUFFERED=1 timeout "$LIMIT" python3 "$HERE/serving_peer.py" "$L" "$H" "$Q" "$K" "$F" "$V" "$B" "$P" bf16 \
        "$RESULTS/serving-$name-c.json" 3 2>&1 | tail -n 3
    python3 "$HERE/serving_plot.py" "$RESULTS" && cp "$RESULTS/serving.png" "$FINAL/" || echo "plot failed"
    tar -czf "$FINAL/serving-results.tgz" -C "$RESULTS" .
done
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
python3 -c "import torch, transformers; print('torch', torch.__version__, 'cuda', torch.version.cuda, 'transformers', transformers.__version__)"
