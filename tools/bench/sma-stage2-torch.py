#!/usr/bin/python3
"""PyTorch CPU reference of SMA stage two on S-CNN, for tools/bench/sma-stage2.bench.ts.

Run with Debian's python (python3-torch 1.13): /usr/bin/python3 sma-stage2-torch.py WEIGHTS [options].

Model: S-CNN exactly as scnn-architecture.md (the fixture's description of DBCNN-PyTorch's SCNN): 9 x
[Conv2d 3x3 (padding 1 on every side, stride 1 or 2) + BatchNorm2d (eps 1e-5, eval mode, running stats)
+ ReLU], global average pooling, projection 2 x [1x1 conv + BN + ReLU], Linear(256 -> 39); score = mean of
the 39 logits of ImageNet-normalised input. Plain eager PyTorch modules (no BN folding, no JIT): what a
PyTorch user runs. Weights from the safetensors file, parsed here with struct/json/numpy.

Attack (SMA.md section 3; the projection selects the same values as the Rankfall runner's
min(max(x', max(x - eps, 0)), min(x + eps, 1))): per image x (1x3xHxW in [0,1]),
  f0 = f(x) (no grad); t = f0 - 1;
  10 times: l = (f(x') - t)^2; g = dl/dx'; x' = x' - alpha*sign(g); x' = min(max(x', x - eps), x + eps);
            x' = clamp(x', 0, 1);
  f(x') (no grad) for the final score.
Images: the fixture's pattern-500 formula, image b shifted by b grey levels:
  pixel[y, x, c] = ((7x + 13y + 29c + (x*y mod 17) + b) mod 256) / 255.

Timing: `--warmup` whole-image attacks first (not counted; image index 0 again), then `--images` attacks,
each timed (wall: time.perf_counter, CPU of all threads: time.process_time), and every step timed.
`--order` lists the image indices to run, e.g. "0,1,2,3" (default 0..N-1).

`--profile`: instead of the attack, time forward and input-gradient (backward) per layer with
torch.autograd.profiler over `--profile-runs` fwd+bwd passes and print them.

`--dump-grad PATH`: also write the gradient of the first step's loss (f(x) - t)^2 on image 0 (t = f(x) - 1)
to PATH as raw little-endian float32 in NHWC order (for the benchmark's gradient cross-check).

Prints one JSON line.
"""
import argparse
import json
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)
FEATURES = [  # (conv index, bn index, in, out, stride), as nn.Sequential indices of SCNN.features
    (0, 1, 3, 48, 1), (3, 4, 48, 48, 2), (6, 7, 48, 64, 1), (9, 10, 64, 64, 2), (12, 13, 64, 64, 1),
    (15, 16, 64, 64, 2), (18, 19, 64, 128, 1), (21, 22, 128, 128, 1), (24, 25, 128, 128, 2),
]


def read_safetensors(path):
    """{name: float32 ndarray} of a safetensors file (u64-LE header length, JSON header, raw LE data)."""
    with open(path, "rb") as f:
        blob = f.read()
    (header_len,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + header_len])
    base = 8 + header_len
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{name}: dtype {info['dtype']}, expected F32")
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(blob[base + start:base + end], dtype="<f4").reshape(info["shape"]).copy()
    return out


class Scnn(nn.Module):
    def __init__(self):
        super().__init__()
        layers = []
        for _, _, cin, cout, stride in FEATURES:
            layers += [nn.Conv2d(cin, cout, 3, stride, 1), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]
        self.features = nn.Sequential(*layers)
        self.projection = nn.Sequential(
            nn.Conv2d(128, 256, 1), nn.BatchNorm2d(256), nn.ReLU(inplace=True),
            nn.Conv2d(256, 256, 1), nn.BatchNorm2d(256), nn.ReLU(inplace=True),
        )
        self.classifier = nn.Linear(256, 39)
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1))

    def forward(self, x):
        """[B,3,H,W] in [0,1] -> mean logit [B] (global average pooling: any size)."""
        h = self.features((x - self.mean) / self.std)
        h = h.mean(dim=(2, 3), keepdim=True)
        h = self.projection(h).flatten(1)
        return self.classifier(h).mean(dim=1)


def load_model(path):
    weights = read_safetensors(path)
    state = {k[len("module."):] if k.startswith("module.") else k: torch.from_numpy(v) for k, v in weights.items()}
    model = Scnn()
    own = model.state_dict()
    state["mean"], state["std"] = own["mean"], own["std"]
    missing = [k for k in own if k not in state and not k.endswith("num_batches_tracked")]
    unexpected = [k for k in state if k not in own]
    if missing or unexpected:
        raise ValueError(f"state dict mismatch: missing {missing}, unexpected {unexpected}")
    model.load_state_dict(state, strict=False)
    return model.eval()


def pattern(index, size):
    y, x = np.mgrid[0:size, 0:size].astype(np.int64)
    planes = [((7 * x + 13 * y + 29 * c + (x * y) % 17 + index) % 256) for c in range(3)]
    return torch.from_numpy((np.stack(planes)[None].astype(np.float32)) / np.float32(255))


def score(model, x):
    with torch.no_grad():
        return model(x)


def attack(model, x, steps, eps, alpha):
    """One image; returns (clean score, final score, per-step seconds, scores before each step)."""
    clean = score(model, x)
    target = clean - 1
    lower, upper = x - eps, x + eps
    adv = x.clone()
    step_seconds, trajectory = [], []
    for _ in range(steps):
        t0 = time.perf_counter()
        adv.requires_grad_(True)
        s = model(adv)
        loss = ((s - target) ** 2).sum()
        (grad,) = torch.autograd.grad(loss, adv)
        with torch.no_grad():
            adv = adv - alpha * torch.sign(grad)
            adv = torch.min(torch.max(adv, lower), upper).clamp_(0, 1)
        step_seconds.append(time.perf_counter() - t0)
        trajectory.append(float(s.detach()[0]))
    final = score(model, adv)
    return float(clean[0]), float(final[0]), step_seconds, trajectory


def profile(model, size, runs):
    x = pattern(0, size)
    def once():
        adv = x.clone().requires_grad_(True)
        loss = (model(adv) ** 2).sum()
        torch.autograd.grad(loss, adv)
    once()
    with torch.autograd.profiler.profile() as prof:
        for _ in range(runs):
            once()
    rows = []
    for e in prof.key_averages():
        rows.append({"name": e.key, "count": e.count, "self_cpu_ms": e.self_cpu_time_total / 1000 / runs,
                     "cpu_ms": e.cpu_time_total / 1000 / runs})
    rows.sort(key=lambda r: -r["self_cpu_ms"])
    # Whole forward vs whole forward+backward, wall.
    t_fwd, t_both = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        score(model, x)
        t_fwd.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        once()
        t_both.append(time.perf_counter() - t0)
    # Per conv layer: forward and input-gradient, each layer alone on its real input size.
    layers = []
    h = (x - model.mean) / model.std
    with torch.no_grad():
        acts = []
        for i in range(0, len(model.features), 3):
            acts.append(h)
            h = model.features[i + 2](model.features[i + 1](model.features[i](h)))
    for k, (conv_i, _, cin, cout, stride) in enumerate(FEATURES):
        conv = model.features[3 * k]
        inp = acts[k].clone().requires_grad_(True)
        fwd, bwd = [], []
        for r in range(runs + 1):
            t0 = time.perf_counter()
            out = conv(inp)
            t1 = time.perf_counter()
            (g,) = torch.autograd.grad(out, inp, torch.ones_like(out))
            t2 = time.perf_counter()
            if r > 0:
                fwd.append(t1 - t0)
                bwd.append(t2 - t1)
        layers.append({"layer": conv_i, "in": list(inp.shape), "out": list(out.shape), "stride": stride,
                       "forward_ms": 1000 * float(np.median(fwd)), "input_grad_ms": 1000 * float(np.median(bwd))})
    return {"ops": rows[:25], "forward_s": float(np.median(t_fwd)), "forward_backward_s": float(np.median(t_both)),
            "layers": layers}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("weights")
    p.add_argument("--images", type=int, default=4)
    p.add_argument("--size", type=int, default=500)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--eps", type=float, default=0.005)
    p.add_argument("--alpha", type=float, default=0.001)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--order", type=str, default="")
    p.add_argument("--profile", action="store_true")
    p.add_argument("--profile-runs", type=int, default=5)
    p.add_argument("--dump-grad", type=str, default="")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    model = load_model(a.weights)
    for param in model.parameters():
        param.requires_grad_(False)
    info = {"torch": torch.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
            "threads": torch.get_num_threads(), "mkldnn": torch.backends.mkldnn.is_available(),
            "parallel_info": torch.__config__.parallel_info().splitlines()[:6]}
    if a.profile:
        print(json.dumps({**info, "profile": profile(model, a.size, a.profile_runs)}))
        return
    for _ in range(a.warmup):
        attack(model, pattern(0, a.size), a.steps, a.eps, a.alpha)
    if a.dump_grad:
        x = pattern(0, a.size).requires_grad_(True)
        target = score(model, x.detach()) - 1
        (grad,) = torch.autograd.grad(((model(x) - target) ** 2).sum(), x)
        grad.permute(0, 2, 3, 1).contiguous().numpy().astype("<f4").tofile(a.dump_grad)
    order = [int(i) for i in a.order.split(",")] if a.order else list(range(a.images))
    images = []
    w0, c0 = time.perf_counter(), time.process_time()
    for index in order:
        x = pattern(index, a.size)  # building the input is part of neither side's timing
        iw, ic = time.perf_counter(), time.process_time()
        clean, final, steps, trajectory = attack(model, x, a.steps, a.eps, a.alpha)
        images.append({"index": index, "wall_s": time.perf_counter() - iw, "cpu_s": time.process_time() - ic,
                       "clean": clean, "final": final, "step_s": steps, "trajectory": trajectory})
    wall = sum(i["wall_s"] for i in images)
    cpu = sum(i["cpu_s"] for i in images)
    print(json.dumps({**info, "size": a.size, "steps": a.steps, "eps": a.eps, "alpha": a.alpha,
                      "wall_s": wall, "cpu_s": cpu, "outer_wall_s": time.perf_counter() - w0,
                      "outer_cpu_s": time.process_time() - c0,
                      "img_iter_per_s": len(order) * a.steps / wall, "images": images}))


if __name__ == "__main__":
    main()
