"""PyTorch peers of the attention benchmark, run in the same job on the GPU machine:
device-to-device copy, SDPA decode on contiguous KV, and SDPA causal prefill with the
FlashAttention-2 and cuDNN backends. Writes a JSON list like AttentionBench's."""
import json
import sys

import torch
import torch.nn.functional as F
from torch.nn.attention import SDPBackend, sdpa_kernel
from triton.testing import do_bench


def ms(fn):
    return do_bench(fn, warmup=50, rep=300, return_mode="median")


def main(path):
    dev = "cuda"
    out = []
    a = torch.empty(1 << 29, dtype=torch.bfloat16, device=dev).uniform_(-1, 1)
    b = torch.empty_like(a)
    t = ms(lambda: b.copy_(a))
    copy = 2 * a.numel() * 2 / (t * 1e-3) / 1e12
    out.append({"name": "torch copy", "us": t * 1e3, "tbps": copy})
    del a, b

    def decode(name, lens):
        bsz = len(lens)
        length = max(lens)
        q = torch.randn(bsz, 32, 1, 128, dtype=torch.bfloat16, device=dev)
        k = torch.randn(bsz, 8, length, 128, dtype=torch.bfloat16, device=dev)
        v = torch.randn_like(k)
        t = ms(lambda: F.scaled_dot_product_attention(q, k, v, enable_gqa=True))
        kv_bytes = 2 * bsz * 8 * length * 128 * 2
        tb = kv_bytes / (t * 1e-3) / 1e12
        out.append({"name": name, "us": t * 1e3, "tbps": tb, "of_copy": tb / copy})

    decode("sdpa decode b64 kv4096", [4096] * 64)
    decode("sdpa decode b1 kv32768", [32768])

    for bsz, length in ((4, 4096), (1, 16384)):
        q = torch.randn(bsz, 32, length, 128, dtype=torch.bfloat16, device=dev)
        k = torch.randn_like(q)
        v = torch.randn_like(q)
        flops = 4 * bsz * 32 * length * length * 128 / 2
        for backend, label in ((SDPBackend.FLASH_ATTENTION, "fa2"), (SDPBackend.CUDNN_ATTENTION, "cudnn")):
            try:
                with sdpa_kernel(backend):
                    t = ms(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True))
                out.append({"name": f"sdpa {label} prefill causal L{length} b{bsz}", "us": t * 1e3,
                            "tflops": flops / (t * 1e-3) / 1e12})
            except RuntimeError as e:
                print(f"{label} L{length}: {e}")
    for r in out:
        print("  ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()))
    print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())
    out.append({"name": "versions", "torch": torch.__version__, "cuda": torch.version.cuda,
                "cudnn": torch.backends.cudnn.version(), "device": torch.cuda.get_device_name()})
    with open(path, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
