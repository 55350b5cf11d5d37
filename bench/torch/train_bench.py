"""PyTorch side of `npm run bench -- train`: trains the bench's MLP and transformer block with the same
initial weights, batches, learning rates and thread count as the engine, and reports speed, peak memory,
losses and which BLAS torch actually runs on. Driven round by round over stdin (see main)."""
import json
import math
import re
import resource
import sys
import time

import torch
import torch.nn.functional as F

from safetensors_io import load


def blas_in_use():
    """Which BLAS torch's matmuls run on: the build's BLAS_INFO, and for a 'generic' build (Debian's) the BLAS
    shared objects mapped into this process after a matmul has run. Debian's libblas.so.3 alternative points at
    the reference BLAS (…/blas/libblas.so.3) unless an optimised one such as libopenblas0-openmp is installed."""
    a, b = torch.randn(512, 512), torch.randn(512, 512)
    for _ in range(3):
        a @ b
    t0 = time.perf_counter()
    for _ in range(10):
        a @ b
    gflops = 10 * 2 * 512 ** 3 / (time.perf_counter() - t0) / 1e9
    info = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    info = info.group(1) if info else "unknown"
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split()
            path = parts[-1] if len(parts) >= 6 else ""
            if any(k in path.lower() for k in ("blas", "mkl", "blis", "atlas")):
                libs.add(path)
    libs = sorted(libs)
    if info in ("mkl", "open", "openblas", "blis", "accelerate"):
        kind = "optimised"
    elif any(k in l.lower() for l in libs for k in ("openblas", "mkl", "blis", "atlas")):
        kind = "optimised"
    elif any("/blas/libblas" in l for l in libs):
        kind = "reference"
    else:
        kind = "unknown"
    return {"info": info, "libs": libs, "kind": kind, "sgemm512_gflops": gflops}


class Mlp(torch.nn.Module):
    def __init__(self, widths, w):
        super().__init__()
        self.layers = torch.nn.ModuleList()
        for i in range(len(widths) - 1):
            lin = torch.nn.Linear(widths[i], widths[i + 1])
            with torch.no_grad():
                lin.weight.copy_(w[f"l{i}.weight"].t())
                lin.bias.copy_(w[f"l{i}.bias"])
            self.layers.append(lin)

    def forward(self, x):
        for i, lin in enumerate(self.layers):
            x = lin(x)
            if i + 1 < len(self.layers):
                x = F.gelu(x)
        return x


def linear(w, name):
    weight, bias = w[f"{name}.weight"], w[f"{name}.bias"]
    lin = torch.nn.Linear(weight.shape[0], weight.shape[1])
    with torch.no_grad():
        lin.weight.copy_(weight.t())
        lin.bias.copy_(bias)
    return lin


class Block(torch.nn.Module):
    """Pre-norm causal block with AdaLN-zero modulation, as src-main/model/engine/examples/transformer-block.ts."""

    def __init__(self, c, w):
        super().__init__()
        self.c = c
        self.mod = linear(w, "mod")
        self.q, self.k, self.v, self.o = (linear(w, f"attn.{n}") for n in "qkvo")
        self.fc1, self.fc2 = linear(w, "mlp.fc1"), linear(w, "mlp.fc2")
        T = c["tokens"]
        self.register_buffer("mask", torch.triu(torch.full((T, T), -1e9), diagonal=1))

    def forward(self, x, cond):
        B, T, D = x.shape
        H = self.c["heads"]
        dh = D // H
        s1, c1, g1, s2, c2, g2 = self.mod(F.silu(cond)).unsqueeze(1).chunk(6, dim=-1)
        h = F.layer_norm(x, (D,), eps=1e-6) * (1 + c1) + s1
        q = self.q(h).view(B, T, H, dh).transpose(1, 2)
        k = self.k(h).view(B, T, H, dh).transpose(1, 2)
        v = self.v(h).view(B, T, H, dh).transpose(1, 2)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(dh) + self.mask, dim=-1)
        a = self.o((att @ v).transpose(1, 2).reshape(B, T, D))
        x = x + g1 * a
        h = F.layer_norm(x, (D,), eps=1e-6) * (1 + c2) + s2
        return x + g2 * self.fc2(F.gelu(self.fc1(h)))


class Run:
    """One model's training state on the torch side; rounds of steps are requested by the bench."""

    def __init__(self, model_job):
        w = load(model_job["weights"])
        batches = load(model_job["batches"])
        self.job = model_job
        self.kind = model_job["kind"]
        self.model = Mlp(model_job["config"]["widths"], w) if self.kind == "mlp" else Block(model_job["config"], w)
        decay = [p for n, p in self.model.named_parameters() if n.endswith("weight")]
        no_decay = [p for n, p in self.model.named_parameters() if n.endswith("bias")]
        self.opt = torch.optim.AdamW(
            [{"params": decay, "weight_decay": model_job["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
            lr=1e-3, betas=(0.9, 0.999), eps=1e-8, foreach=True,
        )
        n = model_job["num_batches"]
        self.data = [[batches[f"{f}/{i}"] for f in model_job["fields"]] for i in range(n)]
        self.i = 0

    def step(self):
        i = self.i
        self.i += 1
        for g in self.opt.param_groups:
            g["lr"] = self.job["lrs"][i]
        self.opt.zero_grad(set_to_none=True)
        b = self.data[i % len(self.data)]
        out = self.model(b[0]) if self.kind == "mlp" else self.model(b[0], b[1])
        loss = F.mse_loss(out, b[-1])
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.job["clip_norm"])
        self.opt.step()
        return loss

    def round(self, steps):
        """Run `steps` steps; returns ms per step and the losses (read after the clock stops)."""
        t0 = time.perf_counter()
        losses = [self.step() for _ in range(steps)]
        losses[-1].item()
        ms = 1000 * (time.perf_counter() - t0) / steps
        return {"ms_per_step": ms, "losses": [l.item() for l in losses]}


def main():
    """A line protocol on stdin/stdout, so the bench can alternate rounds between torch and the engine and
    both sides see the same machine load: {"cmd": "setup", ...job} | {"cmd": "round", "model", "steps"} |
    {"cmd": "finish"}."""
    runs = {}
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["cmd"] == "setup":
            torch.set_num_threads(msg["threads"])
            runs = {name: Run(mj) for name, mj in msg["models"].items()}
            reply = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas_in_use()}
        elif msg["cmd"] == "round":
            reply = runs[msg["model"]].round(msg["steps"])
        else:
            reply = {"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
        if msg["cmd"] == "finish":
            break


if __name__ == "__main__":
    main()
