"""Plots the serving comparison that tools/serving-bench.sh writes: one row of panels per
model (inter-token latency p50/p99, time to first token p50/p99, output tokens/s), one
bar per system. Reads DIR/serving-<model>-<system>.json, writes DIR/serving.png.
Usage: python3 serving_plot.py DIR"""
import glob
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SYSTEMS = {"a": "(a) unfused,\ncontiguous KV", "e": "(b) without\nCUDA graphs", "b": "(b) fused,\npaged KV",
           "c": "(c) PyTorch\nSDPA"}
COLORS = {"a": "#c44e52", "e": "#8fa8d0", "b": "#4c72b0", "c": "#8c8c8c"}


def main():
    folder = sys.argv[1]
    runs = {}
    for path in sorted(glob.glob(os.path.join(folder, "serving-*.json"))):
        model, system = os.path.basename(path)[len("serving-"):-len(".json")].rsplit("-", 1)
        with open(path) as f:
            runs.setdefault(model, {})[system] = json.load(f)
    if not runs:
        sys.exit("no serving-*.json in " + folder)
    panels = [("inter-token latency (ms)", "itl"), ("time to first token (ms)", "ttft"),
              ("output tokens / s", "tokens_per_s")]
    fig, axes = plt.subplots(len(runs), len(panels), figsize=(13, 3.6 * len(runs)), squeeze=False)
    for row, (model, systems) in enumerate(sorted(runs.items())):
        names = [s for s in SYSTEMS if s in systems]
        for col, (title, key) in enumerate(panels):
            ax = axes[row][col]
            for i, s in enumerate(names):
                r = systems[s]
                if key == "tokens_per_s":
                    ax.bar(i, r[key], color=COLORS[s])
                    ax.text(i, r[key], f"{r[key]:.0f}", ha="center", va="bottom", fontsize=8)
                else:
                    ax.bar(i - 0.18, r[key + "_p50"], 0.36, color=COLORS[s])
                    ax.bar(i + 0.18, r[key + "_p99"], 0.36, color=COLORS[s], alpha=0.5)
                    ax.text(i - 0.18, r[key + "_p50"], f"{r[key + '_p50']:.1f}", ha="center", va="bottom", fontsize=7)
            ax.set_xticks(range(len(names)))
            ax.set_xticklabels([SYSTEMS[s] for s in names], fontsize=8)
            ax.set_title(f"{model}: {title}" + ("" if key == "tokens_per_s" else " (p50 solid, p99 light)"),
                         fontsize=9)
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "serving.png"), dpi=110)


if __name__ == "__main__":
    main()
