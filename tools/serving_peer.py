"""PyTorch peer of `graft serve-bench llama:... --rate Infinity --lengths uniform:P-P`:
the same Llama shape with random weights through transformers (eager, SDPA attention,
greedy `generate`), a static batch of B prompts of P tokens, each generating P tokens.
Prints time to first token (a generate of one token), inter-token latency (the rest of
a full generate over the other tokens) and output tokens per second, median of runs.
Usage: python3 serving_peer.py LAYERS HIDDEN HEADS KV_HEADS FFN VOCAB BATCH P DTYPE"""
import statistics
import sys
import time

import torch
import transformers
from transformers import LlamaConfig, LlamaForCausalLM


def timed(model, ids, new_tokens):
    torch.cuda.synchronize()
    start = time.perf_counter()
    model.generate(ids, attention_mask=torch.ones_like(ids), max_new_tokens=new_tokens, min_new_tokens=new_tokens,
                   do_sample=False, pad_token_id=0)
    torch.cuda.synchronize()
    return time.perf_counter() - start


def main():
    layers, hidden, heads, kv_heads, ffn, vocab, batch, length = map(int, sys.argv[1:9])
    dtype = {"bf16": torch.bfloat16, "f32": torch.float32}[sys.argv[9]]
    config = LlamaConfig(num_hidden_layers=layers, hidden_size=hidden, num_attention_heads=heads,
                         num_key_value_heads=kv_heads, intermediate_size=ffn, vocab_size=vocab,
                         max_position_embeddings=4096, eos_token_id=None, bos_token_id=None,
                         attn_implementation="sdpa")
    torch.manual_seed(0)
    model = LlamaForCausalLM(config).to(device="cuda", dtype=dtype).eval()
    ids = torch.randint(0, vocab, (batch, length), device="cuda")
    with torch.inference_mode():
        timed(model, ids, length)
        first = statistics.median(timed(model, ids, 1) for _ in range(3))
        full = statistics.median(timed(model, ids, length) for _ in range(3))
    itl = (full - first) / (length - 1)
    print(f"pytorch {torch.__version__} transformers {transformers.__version__} {sys.argv[9]} sdpa: batch {batch},"
          f" prompt {length}, {length} new tokens: time to first token {first * 1e3:.2f} ms,"
          f" inter-token latency {itl * 1e3:.2f} ms, {batch * length / full:.1f} output tokens/s")


if __name__ == "__main__":
    main()
