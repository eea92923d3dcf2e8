"""PyTorch peer of `graft serve-bench llama:... --lengths uniform:P-P` (all requests at once):
the same Llama shape with random weights through transformers (eager, SDPA attention,
greedy `generate`), a static batch of B prompts of P tokens, each generating P tokens.
Every decode step is stamped (a stopping criterion that synchronizes and reads the clock
after each step), so time to first token is the prefill step and inter-token latency the
gaps between steps, p50 and p99 over the steps of the timed runs; tokens/s counts B * P
output tokens over the whole generate. One warm-up generate, then RUNS timed ones.
Usage: python3 serving_peer.py LAYERS HIDDEN HEADS KV_HEADS FFN VOCAB BATCH P DTYPE [JSON_OUT] [RUNS]"""
import json
import math
import sys
import time

import torch
import transformers
from transformers import LlamaConfig, LlamaForCausalLM, StoppingCriteria, StoppingCriteriaList


class StepClock(StoppingCriteria):
    """Records the time after every step of generate (never stops it)."""

    def __init__(self):
        self.stamps = []

    def __call__(self, input_ids, scores, **kwargs):
        torch.cuda.synchronize()
        self.stamps.append(time.perf_counter())
        return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def generate(model, ids, new_tokens):
    clock = StepClock()
    torch.cuda.synchronize()
    start = time.perf_counter()
    model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                   do_sample=False, pad_token_id=0, stopping_criteria=StoppingCriteriaList([clock]))
    torch.cuda.synchronize()
    end = time.perf_counter()
    return start, clock.stamps, end


def main():
    layers, hidden, heads, kv_heads, ffn, vocab, batch, length = map(int, sys.argv[1:9])
    dtype_name = sys.argv[9]
    out = sys.argv[10] if len(sys.argv) > 10 else None
    runs = int(sys.argv[11]) if len(sys.argv) > 11 else 3
    dtype = {"bf16": torch.bfloat16, "f32": torch.float32}[dtype_name]
    config = LlamaConfig(num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                         num_key_value_heads=kv_heads, intermediate_size=ffn, vocab_size=vocab,
                         max_position_embeddings=4096, eos_token_id=None, bos_token_id=None,
                         attn_implementation="sdpa")
    torch.manual_seed(0)
    with torch.device("cuda"):
        model = LlamaForCausalLM(config).to(dtype=dtype).eval()
    ids = torch.randint(0, vocab, (batch, length), device="cuda")
    ttft, itl, seconds = [], [], []
    with torch.inference_mode():
        generate(model, ids, length)
        for _ in range(runs):
            start, stamps, end = generate(model, ids, length)
            ttft.append((stamps[0] - start) * 1e3)
            itl.extend((b - a) * 1e3 for a, b in zip(stamps, stamps[1:]))
            seconds.append(end - start)
    seconds.sort()
    result = {"system": f"PyTorch {torch.__version__} + transformers {transformers.__version__}, SDPA, {dtype_name}",
              "batch": batch, "prompt": length, "new_tokens": length,
              "ttft_p50": percentile(ttft, 50), "ttft_p99": percentile(ttft, 99),
              "itl_p50": percentile(itl, 50), "itl_p99": percentile(itl, 99),
              "tokens_per_s": batch * length / seconds[len(seconds) // 2]}
    print(json.dumps(result))
    if out:
        with open(out, "w") as f:
            json.dump(result, f)


if __name__ == "__main__":
    main()
