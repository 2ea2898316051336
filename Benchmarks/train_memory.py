#!/usr/bin/env python3
"""PyTorch anchor for `operando bench memory`: resident memory over a training loop.

A reference for comparison only, never a dependency of Operando. The same small model as
TrainMemoryBenchmark.swift (conv3d 8->32 2x5x5 + per-channel layer norm over C,D,H,W + sigmoid/tanh
gates + conv3d 16->8 1x5x5, batch 4, 16x16), MSE + L1 loss, global-norm clipping, Adam, 2 threads.
Reads the resident set from /proc/self/statm at step 100 and at the last step and prints JSON:

    {"steps": 1000, "rss_step100_bytes": ..., "rss_last_bytes": ..., "seconds": ...}

Usage: python3 Benchmarks/train_memory.py [--steps 1000]
"""
import argparse
import json
import os
import time

import torch


def resident_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class GateModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.gates = torch.nn.Conv3d(8, 32, (2, 5, 5), padding=(0, 2, 2))
        self.gain = torch.nn.Parameter(torch.ones(32))
        self.shift = torch.nn.Parameter(torch.zeros(32))
        self.output = torch.nn.Conv3d(16, 8, (1, 5, 5), padding=(0, 2, 2))

    def forward(self, x):
        z = self.gates(x)
        mean = z.mean(dim=(1, 2, 3, 4), keepdim=True)
        variance = z.var(dim=(1, 2, 3, 4), keepdim=True, unbiased=False)
        z = (z - mean) / torch.sqrt(variance + 1e-5) * self.gain.view(1, -1, 1, 1, 1) + self.shift.view(1, -1, 1, 1, 1)
        return self.output(torch.sigmoid(z[:, :16]) * torch.tanh(z[:, 16:]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000)
    arguments = parser.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(3)
    model = GateModel()
    x = torch.randn(4, 8, 2, 16, 16)
    target = torch.rand(4, 8, 1, 16, 16) - 0.5
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    samples = {}
    start = time.perf_counter()
    for step in range(1, arguments.steps + 1):
        optimizer.zero_grad(set_to_none=True)
        prediction = model(x)
        loss = torch.nn.functional.mse_loss(prediction, target) + torch.nn.functional.l1_loss(prediction, target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step in (100, arguments.steps):
            samples[step] = resident_bytes()
    print(json.dumps({
        "steps": arguments.steps,
        "rss_step100_bytes": samples[100],
        "rss_last_bytes": samples[arguments.steps],
        "seconds": time.perf_counter() - start,
    }))


if __name__ == "__main__":
    main()
