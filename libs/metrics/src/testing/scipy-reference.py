"""Independent reference values for the metrics specs (NumPy / SciPy), printed as JSON.

Run: python3 libs/metrics/src/testing/scipy-reference.py [FIXTURES_DIR]
(needs numpy and scipy; FIXTURES_DIR defaults to ../shared/fixtures beside the repository).
The specs hard-code the numbers printed here, each next to the name of the computation that made it;
none of them comes from the TypeScript code under test.

- logistic: scipy.optimize.curve_fit (MINPACK Levenberg-Marquardt, tight tolerances) of the VQEG
  4-parameter logistic from DBCNN predictions to normalised MOS, from the documented initial values;
  then scipy.stats.pearsonr of the mapped predictions and MOS.
- ssim: SSIM as skimage.metrics.structural_similarity(gaussian_weights=True, sigma=1.5,
  use_sample_covariance=False) computes it (scipy.ndimage.gaussian_filter, truncate 3.5, reflect mode,
  then the mean over the interior cropped by 5 pixels) on the luminance of two integer-formula images.
- mulberry32: the first outputs for a few seeds, with explicit 32-bit masking.
"""
import json
import os
import sys

import numpy as np
from scipy import ndimage, optimize, stats

here = os.path.dirname(os.path.abspath(__file__))
fixtures = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '../../../../../shared/fixtures')


def logistic4(x, b1, b2, b3, b4):
    return (b1 - b2) / (1 + np.exp(-(x - b3) / np.abs(b4))) + b2


def logistic_reference():
    data = np.genfromtxt(os.path.join(fixtures, 'sma-dbcnn-livec-test.csv'), delimiter=',', names=True)
    x, y = data['prediction'], data['mos']
    sxy = np.sum((x - x.mean()) * (y - y.mean()))
    p0 = [y.max(), y.min(), x.mean(), x.std()] if sxy >= 0 else [y.min(), y.max(), x.mean(), x.std()]
    params, _ = optimize.curve_fit(logistic4, x, y, p0=p0, method='lm', ftol=1e-15, xtol=1e-15, gtol=1e-15, maxfev=100000)
    mapped = logistic4(x, *params)
    return {
        'p0': p0,
        'params': list(params),
        'sse': float(np.sum((y - mapped) ** 2)),
        'plcc': float(stats.pearsonr(mapped, y)[0]),
    }


def pattern_pair(h, w):
    yy, xx, cc = np.meshgrid(np.arange(h), np.arange(w), np.arange(3), indexing='ij')
    a = ((7 * xx + 13 * yy + 29 * cc + (xx * yy) % 17) % 256).astype(np.float64)
    b = np.clip(a + ((7 * xx + 3 * yy + cc) % 11 - 5) * 4, 0, 255)
    return a, b


def ssim_skimage_style(a, b, data_range):
    win = 11
    sigma = 1.5
    c1 = (0.01 * data_range) ** 2
    c2 = (0.03 * data_range) ** 2
    f = lambda img: ndimage.gaussian_filter(img, sigma=sigma, truncate=3.5, mode='reflect')
    ux, uy = f(a), f(b)
    uxx, uyy, uxy = f(a * a), f(b * b), f(a * b)
    vx, vy, vxy = uxx - ux * ux, uyy - uy * uy, uxy - ux * uy
    s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux ** 2 + uy ** 2 + c1) * (vx + vy + c2))
    pad = (win - 1) // 2
    return float(s[pad:-pad, pad:-pad].mean())


def luminance(img):
    return 0.299 * img[..., 0] + 0.587 * img[..., 1] + 0.114 * img[..., 2]


def ssim_reference():
    a, b = pattern_pair(32, 40)
    return {
        'rgb_unit_range': ssim_skimage_style(luminance(a / 255), luminance(b / 255), 1.0),
        'rgb_8bit_range': ssim_skimage_style(luminance(a), luminance(b), 255.0),
        'gray_channel0_unit_range': ssim_skimage_style(a[..., 0] / 255, b[..., 0] / 255, 1.0),
    }


def mulberry32(seed, count):
    state = seed & 0xFFFFFFFF
    out = []
    for _ in range(count):
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t = (t ^ (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF))) & 0xFFFFFFFF
        out.append(((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296)
    return out


print(json.dumps({
    'logistic_dbcnn_livec': logistic_reference(),
    'ssim_pattern_32x40': ssim_reference(),
    'mulberry32': {'seed_1': mulberry32(1, 5), 'seed_919': mulberry32(919, 5)},
}, indent=1))
