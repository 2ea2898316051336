#!/usr/bin/env python3
"""Anchor for `operando bench denoise`: scikit-image NLM and TV on the same stack, same parameters.

Usage: python3 Benchmarks/preprocessing_denoise.py INPUT.bin T H W H_NLM SIGMA_NLM TV_WEIGHT OUT_DIR
INPUT.bin is raw little-endian float32 [T, H, W]. Runs, frame by frame (scikit-image is
single-threaded here), denoise_nl_means(patch_size=7, patch_distance=11, h, sigma, fast_mode=True)
and denoise_tv_chambolle(weight, eps=2e-4, max_num_iter=200); writes OUT_DIR/nlm.bin and
OUT_DIR/tv.bin (float32) and prints JSON {"nlm_seconds", "tv_seconds", "versions"} on stdout.
"""
import json
import sys
import time

import numpy as np
import skimage
from skimage.restoration import denoise_nl_means, denoise_tv_chambolle


def main():
    path, t, h, w, h_nlm, sigma_nlm, tv_weight, out_dir = sys.argv[1:9]
    stack = np.fromfile(path, dtype="<f4").reshape(int(t), int(h), int(w))
    start = time.perf_counter()
    nlm = np.stack([denoise_nl_means(f, patch_size=7, patch_distance=11, h=float(h_nlm), sigma=float(sigma_nlm),
                                     fast_mode=True) for f in stack]).astype("<f4")
    nlm_seconds = time.perf_counter() - start
    start = time.perf_counter()
    tv = np.stack([denoise_tv_chambolle(f, weight=float(tv_weight), eps=2e-4, max_num_iter=200)
                   for f in stack]).astype("<f4")
    tv_seconds = time.perf_counter() - start
    nlm.tofile(f"{out_dir}/nlm.bin")
    tv.tofile(f"{out_dir}/tv.bin")
    print(json.dumps({"nlm_seconds": nlm_seconds, "tv_seconds": tv_seconds,
                      "versions": {"numpy": np.__version__, "skimage": skimage.__version__}}))


if __name__ == "__main__":
    main()
