#!/usr/bin/python3
"""PyTorch reference for `statetrack bench-steps`: the same three models, timed per training step.

Run with /usr/bin/python3 (Debian's python3-torch) and
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread, see bench/README.md.
Prints one JSON line; the field names are the contract shared with the Java side.
"""
import argparse
import ctypes
import json
import math
import os
import statistics
import sys


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, choices=["transformer", "lstm", "dense-ssm"])
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--width", type=int, required=True,
                   help="transformer model width, LSTM hidden size, dense-ssm state size")
    p.add_argument("--heads", type=int, default=0, help="transformer only")
    p.add_argument("--embedding", type=int, default=0, help="LSTM input size (0: same as width)")
    p.add_argument("--normalize-state", action=argparse.BooleanOptionalAction, default=True,
                   help="dense-ssm: unit-norm h_t after each step (default: on)")
    p.add_argument("--group-order", type=int, default=5, help="K; vocabulary is K+2")
    p.add_argument("--length", type=int, default=20, help="input length T, every position supervised")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=30, help="timed steps per repeat")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=10)
    args = p.parse_args()
    if args.model == "transformer" and args.heads < 1:
        p.error("--heads is required for the transformer")
    if args.model == "lstm" and args.embedding == 0:
        args.embedding = args.width
    return args


ARGS = parse_args()
# Debian's torch calls BLAS through the generic interface, so torch.set_num_threads does not
# reach OpenBLAS: it would use every core. OpenBLAS reads these once, when torch loads it.
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import torch  # noqa: E402  (after the thread variables above)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from step_timing import time_steps  # noqa: E402


class Block(nn.Module):
    def __init__(self, d, heads, length):
        super().__init__()
        if d % heads:
            raise SystemExit(f"width {d} is not divisible by heads {heads}")
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 4 * d)
        self.out = nn.Linear(4 * d, d)
        # Additive mask built once: torch 1.13 has no CPU fused attention worth using.
        mask = torch.full((length, length), float("-inf")).triu(1)
        self.register_buffer("mask", mask, persistent=False)

    def attn(self, x):
        b, t, d = x.shape
        dh = d // self.heads
        q, k, v = self.qkv(x).split(d, dim=2)
        q = q.view(b, t, self.heads, dh).transpose(1, 2)
        k = k.view(b, t, self.heads, dh).transpose(1, 2)
        v = v.view(b, t, self.heads, dh).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(dh)) + self.mask[:t, :t]
        y = att.softmax(dim=-1) @ v
        return self.proj(y.transpose(1, 2).reshape(b, t, d))

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class Transformer(nn.Module):
    """GPT-2 style, pre-LN, learned positions, tied output embedding without bias, dropout 0."""

    def __init__(self, vocab, length, layers, d, heads):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(length, d)
        self.blocks = nn.ModuleList(Block(d, heads, length) for _ in range(layers))
        self.ln_f = nn.LayerNorm(d)
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.Embedding)):
                nn.init.normal_(m.weight, std=0.02)
                if isinstance(m, nn.Linear):
                    nn.init.zeros_(m.bias)

    def forward(self, x):
        h = self.tok(x) + self.pos(torch.arange(x.shape[1]))
        for block in self.blocks:
            h = block(h)
        return self.ln_f(h) @ self.tok.weight.t()


class Lstm(nn.Module):
    def __init__(self, vocab, layers, hidden, embedding):
        super().__init__()
        self.emb = nn.Embedding(vocab, embedding)
        self.lstm = nn.LSTM(embedding, hidden, num_layers=layers, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x):
        return self.head(self.lstm(self.emb(x))[0])


class DenseSsm(nn.Module):
    """Bilinear RNN h_t = A[x_t] h_{t-1}: no additive term, no nonlinearity in the transition."""

    def __init__(self, vocab, d, normalize_state):
        super().__init__()
        # Near the identity so that products over long sequences stay finite.
        self.A = nn.Parameter(torch.eye(d).repeat(vocab, 1, 1) + 0.01 * torch.randn(vocab, d, d))
        self.h0 = nn.Parameter(F.normalize(torch.randn(d), dim=0))
        self.normalize_state = normalize_state
        self.head = nn.Linear(d, vocab)

    def forward(self, x):
        h = self.h0.expand(x.shape[0], -1)
        states = []
        for t in range(x.shape[1]):
            h = torch.bmm(self.A[x[:, t]], h.unsqueeze(-1)).squeeze(-1)
            if self.normalize_state:
                h = F.normalize(h, dim=-1)
            states.append(h)
        return self.head(torch.stack(states, dim=1))


def build(args, vocab):
    if args.model == "transformer":
        return Transformer(vocab, args.length, args.layers, args.width, args.heads)
    if args.model == "lstm":
        return Lstm(vocab, args.layers, args.width, args.embedding)
    return DenseSsm(vocab, args.width, args.normalize_state)


def loaded_blas():
    """The BLAS really mapped (Debian's torch takes whatever libblas.so.3 resolves to) and its threads."""
    with open("/proc/self/maps") as maps:
        libs = sorted({line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line})
    threads = None
    for lib in libs:
        if "openblas" in lib:
            threads = ctypes.CDLL(lib).openblas_get_num_threads()
    return libs, threads


def main(args):
    # Both before any parallel work, or torch refuses the interop setting.
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    libs, blas_threads = loaded_blas()
    if blas_threads is None:
        print("warning: OpenBLAS is not loaded; set LD_LIBRARY_PATH="
              "/usr/lib/x86_64-linux-gnu/openblas-pthread (see bench/README.md). Loaded: "
              + (", ".join(libs) or "no BLAS"), file=sys.stderr)
    elif blas_threads != args.threads:
        raise SystemExit(f"OpenBLAS runs {blas_threads} threads, asked for {args.threads}")
    torch.manual_seed(args.seed)
    k, vocab = args.group_order, args.group_order + 2
    model = build(args, vocab)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    # A few batches drawn up front so that data generation is not part of the timed step.
    batches = [(torch.randint(0, k, (args.batch, args.length)),
                torch.randint(0, k, (args.batch, args.length))) for _ in range(8)]

    def step(i):
        x, y = batches[i % len(batches)]
        loss = F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1))
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=False)
        return loss

    per_repeat, loss, _ = time_steps(step, args.warmup, args.repeats, args.steps)
    if not math.isfinite(loss.item()):
        raise SystemExit(f"loss is {loss.item()}: the timing would not be of a sane step")

    print(json.dumps({
        "impl": "pytorch",
        "model": args.model,
        "layers": args.layers,
        "width": args.width,
        "heads": args.heads,
        "embedding": args.embedding,
        "length": args.length,
        "threads": args.threads,
        "batch": args.batch,
        "median_ms": round(statistics.median(per_repeat), 3),
        "params": sum(p.numel() for p in model.parameters()),
        "torch": torch.__version__,
        "blas": "openblas" if blas_threads is not None else "other",
    }), flush=True)


main(ARGS)
