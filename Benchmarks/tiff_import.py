#!/usr/bin/env python3
"""Anchor for `operando bench import`: tifffile reading an LZW uint16 stack.

Generates a FRAMES x SIZE x SIZE uint16 LZW-compressed TIFF (smooth blobs + Poisson noise, like
a fluorescence time-lapse; fixed seed) with tifffile unless --path already exists, then times
`tifffile.imread` + SHA-256 of the decoded array (C order, little-endian; hashlib alone is also
timed) and prints one JSON line.
Needs numpy, tifffile and imagecodecs (tifffile's LZW codec): `pip install imagecodecs`.
"""
import argparse
import hashlib
import json
import os
import sys
import tempfile
import time

import numpy
import tifffile


def make_stack(frames, size, seed):
    rng = numpy.random.default_rng(seed)
    y, x = numpy.mgrid[0:size, 0:size].astype(numpy.float32)
    centres = rng.uniform(0, size, (12, 2)).astype(numpy.float32)
    velocities = rng.normal(0, 0.5, (12, 2)).astype(numpy.float32)
    stack = numpy.empty((frames, size, size), dtype=numpy.uint16)
    for t in range(frames):
        image = numpy.full((size, size), 100.0, dtype=numpy.float32)
        for (cy, cx), (vy, vx) in zip(centres, velocities):
            image += 2000.0 * numpy.exp(-(((y - (cy + vy * t) % size) ** 2 + (x - (cx + vx * t) % size) ** 2) / 200.0))
        stack[t] = numpy.clip(rng.poisson(image), 0, 65535)
    return stack


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=500)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--path", default=None, help="file to create (if missing) and read")
    args = parser.parse_args()
    path = args.path or os.path.join(tempfile.mkdtemp(prefix="operando-bench-import-"), "lzw_stack.tif")
    if not os.path.exists(path):
        tifffile.imwrite(path, make_stack(args.frames, args.size, args.seed), compression="lzw")
    best = best_hash = float("inf")
    digest = None
    for _ in range(args.repeats):
        start = time.perf_counter()
        array = tifffile.imread(path)
        little = numpy.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False)
        hashed = time.perf_counter()
        digest = hashlib.sha256(little.data).hexdigest()
        end = time.perf_counter()
        best = min(best, end - start)
        best_hash = min(best_hash, end - hashed)
    print(json.dumps({
        "path": path, "file_bytes": os.path.getsize(path), "decoded_bytes": int(array.nbytes),
        "shape": list(array.shape), "dtype": str(array.dtype), "seconds": best, "hash_seconds": best_hash, "sha256": digest,
        "tifffile": tifffile.__version__, "python": sys.version.split()[0],
    }))


if __name__ == "__main__":
    main()
