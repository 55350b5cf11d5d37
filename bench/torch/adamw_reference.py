"""PyTorch reference for the engine's AdamW step: reads a JSON job on stdin, trains the same MLP with
torch.optim.AdamW from the given initial weights on the given batches, and prints the trajectory as JSON.

Weights arrive as the engine stores them ([in, out], x @ W); nn.Linear keeps [out, in], hence the transposes.
"""
import json
import sys

import torch


def main():
    job = json.load(sys.stdin)
    torch.set_num_threads(1)
    torch.manual_seed(0)
    widths = job["widths"]
    layers = []
    for i in range(len(widths) - 1):
        lin = torch.nn.Linear(widths[i], widths[i + 1])
        with torch.no_grad():
            w = torch.tensor(job["init"][f"l{i}.weight"], dtype=torch.float32).reshape(widths[i], widths[i + 1])
            lin.weight.copy_(w.t())
            lin.bias.copy_(torch.tensor(job["init"][f"l{i}.bias"], dtype=torch.float32))
        layers.append(lin)
        if i + 2 < len(widths):
            layers.append(torch.nn.GELU())
    model = torch.nn.Sequential(*layers)
    decay = [p for n, p in model.named_parameters() if n.endswith("weight")]
    no_decay = [p for n, p in model.named_parameters() if n.endswith("bias")]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": job["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}],
        lr=job["lrs"][0], betas=(job["beta1"], job["beta2"]), eps=job["eps"],
    )
    out = {"losses": [], "grad_norms": [], "params": [], "torch": torch.__version__}
    for step, batch in enumerate(job["batches"]):
        x = torch.tensor(batch["x"], dtype=torch.float32).reshape(job["batch"], widths[0])
        y = torch.tensor(batch["y"], dtype=torch.float32).reshape(job["batch"], widths[-1])
        for group in opt.param_groups:
            group["lr"] = job["lrs"][step]
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), job["clip_norm"])
        opt.step()
        out["losses"].append(loss.item())
        out["grad_norms"].append(norm.item())
        snap = {}
        for i in range(len(widths) - 1):
            lin = model[2 * i]
            snap[f"l{i}.weight"] = lin.weight.detach().t().contiguous().reshape(-1).tolist()
            snap[f"l{i}.bias"] = lin.bias.detach().reshape(-1).tolist()
        out["params"].append(snap)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
