#!/usr/bin/env python3
"""NumPy reference of SMA stage one (SMA.md section 2), for tools/bench/sma-stage1.bench.ts.

Same formula as libs/attack-runner/src/sma (float64): L2 soft rank by PAV (ascending, eps),
soft Spearman = Pearson(softrank(s), softrank(sh)/N), loss = rho - lamVar*Var_unbiased(sh)
- lamMse*MSE(sh, s), NaN -> 0, g_i/|g_i + 1e-12|, Adam (PyTorch 1.13 semantics), clip to [lo, hi].
Vectorised with NumPy except the PAV, which is a Python loop as in the official code
(fast_soft_sort/third_party/isotonic.py without numba); it works on Python floats (lists), which is
faster than indexing NumPy scalars.

The initial vector is read from a file (not drawn here) so that the TypeScript and NumPy runs start
from the same point. Inputs and outputs are raw little-endian float64 files.

Usage: python3 sma-stage1-numpy.py SCORES.f64 INIT.f64 ITERATIONS CHECKPOINTS OUTDIR
       (CHECKPOINTS: comma-separated update counts; targets after each are written to OUTDIR/targets-K.f64)
Prints one JSON line: {"loop_seconds": ..., "loop_cpu_seconds": ..., "iterations": ..., "numpy": "..."}.
"""
import json
import sys
import time

import numpy as np

EPS = 1.0
LR, BETA1, BETA2, ADAM_EPS = 0.005, 0.9, 0.999, 1e-8
LAM_VAR, LAM_MSE = 1e-4, 1e-4
LO, HI = 0.0, 100.0
PARTITION_TOL = 1e-9


def pav_decreasing(y):
    """argmin_{v1 >= ... >= vn} 0.5*||v - y||^2 by pool-adjacent-violators (Python loop, stack of blocks)."""
    starts, sums, means = [], [], []
    for k, yk in enumerate(y):
        start, total, mean = k, yk, yk
        while means and means[-1] <= mean:
            start = starts.pop()
            total += sums.pop()
            means.pop()
            mean = total / (k + 1 - start)
        starts.append(start)
        sums.append(total)
        means.append(mean)
    sizes = np.diff(np.append(starts, len(y)))
    return np.repeat(np.array(means), sizes)


class SoftRank:
    """softrank_eps(theta), ascending, L2 (SMA.md 2.2), with its VJP."""

    def __init__(self, theta, eps):
        n = theta.shape[0]
        scale = 1.0 / eps  # as fast-soft-sort: values * (sign / strength)
        z = theta * scale
        self.perm = np.argsort(-z, kind="stable")  # descending, ties by ascending index
        zs = z[self.perm]
        w = np.arange(n, 0, -1, dtype=np.float64)
        v = pav_decreasing((zs - w).tolist())
        self.ranks = np.empty(n)
        self.ranks[self.perm] = zs - v
        self.starts = np.flatnonzero(np.concatenate(([True], np.abs(np.diff(v)) > PARTITION_TOL)))
        self.sizes = np.diff(np.append(self.starts, n))
        self.scale = scale

    def vjp(self, u):
        us = u[self.perm]
        means = np.add.reduceat(us, self.starts) / self.sizes
        out = np.empty_like(u)
        out[self.perm] = (us - np.repeat(means, self.sizes)) * self.scale
        return out


def pearson_and_grad(t, p):
    tc = t - t.mean()
    pc = p - p.mean()
    tn = np.sqrt(np.dot(tc, tc))
    pn = np.sqrt(np.dot(pc, pc))
    a = tc / tn
    b = pc / pn
    rho = np.dot(b, a)
    g = (a - rho * b) / pn
    return rho, g - g.mean()


def loss_and_grad(sh, s, clean_ranks):
    n = sh.shape[0]
    sr = SoftRank(sh, EPS)
    rho, gp = pearson_and_grad(clean_ranks, sr.ranks / n)
    g_rho = sr.vjp(gp / n)
    mean = sh.mean()
    var = np.dot(sh - mean, sh - mean) / (n - 1)
    mse = np.dot(sh - s, sh - s) / n
    loss = rho - LAM_VAR * var - LAM_MSE * mse
    grad = g_rho - (2 * LAM_VAR / (n - 1)) * (sh - mean) - (2 * LAM_MSE / n) * (sh - s)
    return loss, rho, grad


def main():
    scores_path, init_path, iterations, checkpoints, out_dir = sys.argv[1:6]
    iterations = int(iterations)
    checkpoints = {int(k) for k in checkpoints.split(",") if k}
    s = np.fromfile(scores_path, dtype="<f8")
    sh = np.fromfile(init_path, dtype="<f8")
    clean_ranks = SoftRank(s, EPS).ranks
    m = np.zeros_like(sh)
    v = np.zeros_like(sh)
    t0 = time.perf_counter()
    c0 = time.process_time()
    for step in range(1, iterations + 1):
        _, _, g = loss_and_grad(sh, s, clean_ranks)
        g[np.isnan(g)] = 0
        g = g / np.abs(g + 1e-12)
        m = m * BETA1 + g * (1 - BETA1)
        v = v * BETA2 + (1 - BETA2) * g * g
        step_size = LR / (1 - BETA1**step)
        denom = np.sqrt(v) / np.sqrt(1 - BETA2**step) + ADAM_EPS
        sh = sh - (step_size * m) / denom
        np.clip(sh, LO, HI, out=sh)
        if step in checkpoints:
            sh.astype("<f8").tofile(f"{out_dir}/targets-{step}.f64")
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0
    print(json.dumps({"loop_seconds": seconds, "loop_cpu_seconds": cpu_seconds, "iterations": iterations, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
