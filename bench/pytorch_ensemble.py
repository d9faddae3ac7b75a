#!/usr/bin/python3
"""PyTorch peer for `statetrack bench-steps --ensemble E`: E members written by hand, timed per step.

What a PyTorch user would write for the same batched ensemble: every member's parameters are views
of one flat [E, P] tensor, every linear layer is one `baddbmm` over members (or `bmm` without a
bias), attention is `bmm` over [E·B·heads, T, hw], and a per-member Adam (torch.optim.Adam's formula,
each member its own learning rate) updates the flat tensor in a few whole-tensor ops. Each member
trains on its own batch. Sizes as bench-steps: --input-length tokens per sequence, all supervised.

Run with /usr/bin/python3 (Debian's python3-torch) and
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread, as bench/pytorch_reference.py.
Prints one JSON line per ensemble size with member_steps_per_s.
"""
import argparse
import json
import math
import os
import statistics


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, choices=["transformer", "lstm", "dense-ssm"])
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--vocab", type=int, default=7, help="vocabulary size (Z5 with SEP and PAD: 7)")
    p.add_argument("--input-length", type=int, default=4)
    p.add_argument("--ensembles", default="1,15")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--repeats", type=int, default=3)
    return p.parse_args()


ARGS = parse_args()
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

import torch  # noqa: E402  (after the thread variables above)
import torch.nn.functional as F  # noqa: E402
from step_timing import time_steps  # noqa: E402


class Flat:
    """Parameters as views of one [E, P] tensor; `take` hands out the next view of a given shape."""

    def __init__(self, members, shapes_and_inits):
        sizes = [math.prod(shape) for shape, _ in shapes_and_inits]
        self.data = torch.empty(members, sum(sizes))
        offset = 0
        self.slices = []
        with torch.no_grad():
            for (shape, init), size in zip(shapes_and_inits, sizes):
                view = self.data[:, offset:offset + size].view(members, *shape)
                init(view)
                self.slices.append((offset, size, shape))
                offset += size
        self.data.requires_grad_(True)

    def views(self):
        e = self.data.shape[0]
        return [self.data[:, o:o + s].view(e, *shape) for o, s, shape in self.slices]


def normal(std):
    return lambda t: t.normal_(0, std)


def const(value):
    return lambda t: t.fill_(value)


def uniform(bound):
    return lambda t: t.uniform_(-bound, bound)


def transformer_params(v, n, layers, d):
    specs = [((v, d), normal(0.02)), ((n, d), normal(0.02))]
    for _ in range(layers):
        specs += [((1, d), const(1)), ((1, d), const(0)), ((d, 3 * d), normal(0.02)), ((1, 3 * d), const(0)),
                  ((d, d), normal(0.02)), ((1, d), const(0)), ((1, d), const(1)), ((1, d), const(0)),
                  ((d, 4 * d), normal(0.02)), ((1, 4 * d), const(0)), ((4 * d, d), normal(0.02)), ((1, d), const(0))]
    return specs + [((1, d), const(1)), ((1, d), const(0))]


def embed(table, tokens):
    """Member e's tokens in member e's table [E, V, width], as one embedding over the stacked tables."""
    e, v, _ = table.shape
    return F.embedding(tokens + torch.arange(e).reshape((e,) + (1,) * (tokens.dim() - 1)) * v, table.reshape(e * v, -1))


def layer_norm(x, gamma, beta):
    return F.layer_norm(x, x.shape[-1:]) * gamma + beta


def transformer(params, tokens, layers, heads, mask):
    e, b, t = tokens.shape
    emb, pos = params[0], params[1]
    d = emb.shape[-1]
    hw = d // heads
    x = (embed(emb, tokens) + pos[:, :t].unsqueeze(1)).reshape(e, b * t, d)
    k = 2
    for _ in range(layers):
        g1, b1, wqkv, bqkv, wo, bo, g2, b2, wi, bi, wout, bout = params[k:k + 12]
        k += 12
        qkv = torch.baddbmm(bqkv, layer_norm(x, g1, b1), wqkv)
        q, kk, v = (z.reshape(e, b, t, heads, hw).transpose(2, 3).reshape(e * b * heads, t, hw)
                    for z in qkv.split(d, -1))
        att = torch.softmax(torch.baddbmm(mask[:t, :t], q, kk.transpose(1, 2), alpha=1 / math.sqrt(hw)), -1)
        mixed = torch.bmm(att, v).reshape(e, b, heads, t, hw).transpose(2, 3).reshape(e, b * t, d)
        x = x + torch.baddbmm(bo, mixed, wo)
        x = x + torch.baddbmm(bout, F.gelu(torch.baddbmm(bi, layer_norm(x, g2, b2), wi)), wout)
    x = layer_norm(x, params[k], params[k + 1])
    return torch.bmm(x, emb.transpose(1, 2)).reshape(e, b, t, -1)


def lstm_params(v, h, emb):
    bound = 1 / math.sqrt(h)
    return [((v, emb), normal(1.0)), ((emb, 4 * h), uniform(bound)), ((h, 4 * h), uniform(bound)),
            ((1, 4 * h), uniform(bound)), ((h, v), uniform(bound)), ((1, v), uniform(bound))]


def lstm(params, tokens):
    table, wih, whh, bias, head, head_bias = params
    e, b, t = tokens.shape
    h_size = whh.shape[1]
    x = embed(table, tokens.transpose(1, 2)).reshape(e, t * b, -1)
    projected = torch.baddbmm(bias, x, wih).reshape(e, t, b, 4 * h_size)
    h = c = None
    outputs = []
    for step in range(t):
        gates = projected[:, step] if h is None else torch.baddbmm(projected[:, step], h, whh)
        i, f, g, o = gates.chunk(4, -1)
        i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
        c = i * g if c is None else f * c + i * g
        h = o * torch.tanh(c)
        outputs.append(h)
    states = torch.stack(outputs, 1).reshape(e, t * b, h_size)
    return torch.baddbmm(head_bias, states, head).reshape(e, t, b, -1).transpose(1, 2)


def ssm_params(v, d):
    def transitions(t):
        t.normal_(0, 0.1 / math.sqrt(d)).add_(torch.eye(d))
    bound = 1 / math.sqrt(d)
    return [((v, d, d), transitions), ((1, d), normal(1 / math.sqrt(d))), ((d, v), uniform(bound)),
            ((1, v), uniform(bound))]


def dense_ssm(params, tokens):
    a, h0, head, head_bias = params
    e, b, t = tokens.shape
    v, d = a.shape[1], a.shape[2]
    rows = (tokens + torch.arange(e).reshape(e, 1, 1) * v).reshape(e * b, t)
    matrices = a.reshape(e * v, d, d)
    h = h0.expand(e, b, d).reshape(e * b, d, 1)
    states = []
    for step in range(t):
        h = torch.bmm(matrices[rows[:, step]], h)
        states.append(h)
    flat = torch.stack(states, 1).reshape(e, b * t, d)
    return torch.baddbmm(head_bias, flat, head).reshape(e, b, t, -1)


def measure(args, members):
    torch.manual_seed(10)
    v, n = args.vocab, args.input_length
    if args.model == "transformer":
        flat = Flat(members, transformer_params(v, n, args.layers, args.width))
        mask = torch.full((n, n), float("-inf")).triu(1)
        forward = lambda p, x: transformer(p, x, args.layers, args.heads, mask)  # noqa: E731
    elif args.model == "lstm":
        flat = Flat(members, lstm_params(v, args.width, args.width))
        forward = lstm
    else:
        flat = Flat(members, ssm_params(v, args.width))
        forward = dense_ssm
    lr = torch.tensor([1e-4 * (1 + i) for i in range(members)]).reshape(members, 1)
    m = torch.zeros_like(flat.data)
    s = torch.zeros_like(flat.data)
    batches = [(torch.randint(0, v - 2, (members, args.batch, n)), torch.randint(0, v - 2, (members, args.batch, n)))
               for _ in range(8)]
    updates = [0]

    def step(i):
        x, y = batches[i % len(batches)]
        logits = forward(flat.views(), x)
        losses = F.cross_entropy(logits.reshape(-1, v), y.reshape(-1), reduction="none").reshape(members, -1).mean(1)
        losses.sum().backward()
        with torch.no_grad():
            updates[0] += 1
            t = updates[0]
            g = flat.data.grad
            m.mul_(0.9).add_(g, alpha=0.1)
            s.mul_(0.999).addcmul_(g, g, value=0.001)
            c2 = math.sqrt(1 - 0.999 ** t)
            flat.data.sub_(lr * (c2 / (1 - 0.9 ** t)) * m / (s.sqrt() + 1e-8 * c2))
            g.zero_()
        return losses

    per_repeat, losses, cpu_per_repeat = time_steps(step, args.warmup, args.repeats, args.steps)
    if not torch.isfinite(losses).all():
        raise SystemExit("a loss is not finite: the timing would not be of a sane step")
    median = statistics.median(per_repeat)
    return {"impl": "pytorch-ensemble", "model": args.model, "layers": args.layers, "width": args.width,
            "heads": args.heads if args.model == "transformer" else 0, "input_length": n, "batch": args.batch,
            "threads": args.threads, "ensemble": members, "median_ms": round(median, 3),
            "member_steps_per_s": round(members * 1000.0 / median, 1),
            "cpu_median_ms": round(statistics.median(cpu_per_repeat), 3),
            "member_steps_per_cpu_s": round(members * 1000.0 / statistics.median(cpu_per_repeat), 1), "params": flat.data.shape[1],
            "torch": torch.__version__}


def main(args):
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    for members in (int(x) for x in args.ensembles.split(",")):
        print(json.dumps(measure(args, members)), flush=True)


main(ARGS)
