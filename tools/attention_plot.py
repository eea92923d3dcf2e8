"""Draws bench/attention.png from attention-bench.json and attention-peers.json (in the
folder given as argument): decode bandwidth against copy and SDPA, prefill TFLOP/s
against SDPA's FlashAttention-2 and cuDNN backends."""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def load(folder, name):
    with open(os.path.join(folder, name)) as f:
        return {r["name"]: r for r in json.load(f)}


def main(folder):
    g = load(folder, "attention-bench.json")
    p = load(folder, "attention-peers.json")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    labels, values, colors = [], [], []
    for label, rec, color in (("d2d copy", g.get("copy"), "grey"),
                              ("Graft b64 kv4096 p16", g.get("decode b64 kv4096 p16"), "tab:blue"),
                              ("Graft b64 kv4096 p1", g.get("decode b64 kv4096 p1"), "tab:blue"),
                              ("Graft b64 Zipf p16", g.get("decode b64 zipf p16"), "tab:blue"),
                              ("Graft b1 kv32768 p16", g.get("decode b1 kv32768 p16"), "tab:blue"),
                              ("SDPA b64 kv4096", p.get("sdpa decode b64 kv4096"), "tab:orange"),
                              ("SDPA b1 kv32768", p.get("sdpa decode b1 kv32768"), "tab:orange")):
        if rec:
            labels.append(label)
            values.append(rec["tbps"])
            colors.append(color)
    ax1.barh(labels, values, color=colors)
    ax1.invert_yaxis()
    ax1.set_xlabel("TB/s (KV bytes read; copy: read + write)")
    ax1.set_title("Decode, bf16, 32/8 heads, d=128")
    labels, values, colors = [], [], []
    for length, bsz in ((4096, 4), (16384, 1)):
        for label, rec, color in ((f"Graft L{length}", g.get(f"prefill causal L{length} b{bsz}"), "tab:blue"),
                                  (f"Graft mma.sync L{length}",
                                   g.get(f"prefill causal L{length} b{bsz} [mma.sync mt2 bk64 min2]"), "lightsteelblue"),
                                  (f"SDPA FA2 L{length}", p.get(f"sdpa fa2 prefill causal L{length} b{bsz}"), "tab:orange"),
                                  (f"SDPA cuDNN L{length}", p.get(f"sdpa cudnn prefill causal L{length} b{bsz}"), "tab:green")):
            if rec:
                labels.append(label)
                values.append(rec["tflops"])
                colors.append(color)
    ax2.barh(labels, values, color=colors)
    ax2.invert_yaxis()
    ax2.set_xlabel("TFLOP/s")
    ax2.set_title("Causal prefill, bf16, 32 heads, d=128")
    fig.suptitle("Graft attention vs peers, " + p.get("versions", {}).get("device", "GPU"))
    fig.tight_layout()
    fig.savefig(os.path.join(folder, "attention.png"), dpi=110)
    print("wrote", os.path.join(folder, "attention.png"))


if __name__ == "__main__":
    main(sys.argv[1])
