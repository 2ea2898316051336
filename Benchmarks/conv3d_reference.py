#!/usr/bin/env python3
"""PyTorch anchor for `operando bench conv3d`: conv3d forward + backward at E3D-LSTM shapes.

A reference for comparison only, never a dependency of Operando. Runs with 2 threads
(torch.set_num_threads(2)), times `y = conv3d(x, w, b)` then `y.backward(g)` (input, weight and
bias gradients) and a 2048^3 float32 matmul, and prints one JSON object on stdout:

    {"torch": "2.x", "threads": 2, "mkldnn": true,
     "sgemm2048": {"best_s": ..., "median_s": ..., "gflops_best": ..., "times_s": [...]},
     "cases": [{"name": "64->448", "input": [...], "weight": [...], "padding": [...],
                "forward_best_s": ..., "backward_best_s": ..., "total_best_s": ..., "total_median_s": ...,
                "forward_s": [...], "backward_s": [...], "total_s": [...]}]}

Usage: python3 Benchmarks/conv3d_reference.py [--repetitions 5] [--batch 8]
"""
import argparse
import json
import statistics
import time

import torch


def time_case(name, batch, cin, cout, repetitions):
    """Best and median seconds of forward, backward and both, after one warm-up."""
    generator = torch.Generator().manual_seed(7)
    x = torch.randn(batch, cin, 2, 16, 16, generator=generator).requires_grad_(True)
    w = (0.05 * torch.randn(cout, cin, 2, 5, 5, generator=generator)).requires_grad_(True)
    b = torch.zeros(cout).requires_grad_(True)
    g = torch.randn(batch, cout, 1, 16, 16, generator=generator)
    forward, backward, total = [], [], []
    for repetition in range(repetitions + 1):
        x.grad = w.grad = b.grad = None
        start = time.perf_counter()
        y = torch.nn.functional.conv3d(x, w, b, stride=1, padding=(0, 2, 2))
        middle = time.perf_counter()
        y.backward(g)
        end = time.perf_counter()
        if repetition > 0:
            forward.append(middle - start)
            backward.append(end - middle)
            total.append(end - start)
    return {
        "name": name,
        "input": list(x.shape), "weight": list(w.shape), "padding": [0, 2, 2],
        "forward_best_s": min(forward), "backward_best_s": min(backward),
        "total_best_s": min(total), "total_median_s": statistics.median(total),
        "forward_s": forward, "backward_s": backward, "total_s": total,
    }


def time_sgemm(repetitions, size=2048):
    a = torch.randn(size, size)
    b = torch.randn(size, size)
    c = torch.empty(size, size)
    times = []
    for repetition in range(repetitions + 1):
        start = time.perf_counter()
        torch.mm(a, b, out=c)
        if repetition > 0:
            times.append(time.perf_counter() - start)
    flops = 2.0 * size ** 3
    return {"best_s": min(times), "median_s": statistics.median(times), "gflops_best": flops / min(times) / 1e9, "times_s": times}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--batch", type=int, default=8)
    arguments = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)
    cases = [
        time_case("64->448", arguments.batch, 64, 448, arguments.repetitions),
        time_case("16->448", arguments.batch, 16, 448, arguments.repetitions),
    ]
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "mkldnn": bool(torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled),
        "sgemm2048": time_sgemm(arguments.repetitions),
        "cases": cases,
    }))


if __name__ == "__main__":
    main()
