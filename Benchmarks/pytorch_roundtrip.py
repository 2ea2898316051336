#!/usr/bin/env python3
"""Round trip with PyTorch, without Operando: load an `operando export-dataset` folder, train a
tiny next-frame model for a few steps, write its weights as safetensors plus an arch.json that
`operando import-weights W.safetensors --arch arch.json --trained-on D` accepts.

    python3 Benchmarks/pytorch_roundtrip.py EXPORT_DIR OUT_DIR [--steps 20]

Prints one JSON line: shapes seen, checks done, loss before/after, files written.
"""
import argparse
import json
import os

import numpy as np
import torch
from safetensors.torch import save_file


class NextFrame(torch.nn.Module):
    """Predicts frame t+1 from frames t-1 and t with one 3-D convolution (kernel 2×3×3)."""

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv3d(1, 1, kernel_size=(2, 3, 3), padding=(0, 1, 1))

    def forward(self, clips):  # clips: (N, T, C, H, W) -> predictions of frames 2..T-1
        x = clips.permute(0, 2, 1, 3, 4)  # (N, C, T, H, W)
        return self.conv(x[:, :, :-1]).permute(0, 2, 1, 3, 4)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("export")
    parser.add_argument("out")
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args()
    with open(os.path.join(args.export, "manifest.json")) as handle:
        manifest = json.load(handle)
    assert manifest["format"] == "operando-clips/1" and manifest["layout"] == "N,T,C,H,W"
    arrays = {}
    for name, split in manifest["splits"].items():
        array = np.load(os.path.join(args.export, split["file"]))
        assert array.dtype == np.float32 and list(array.shape) == split["shape"], (name, array.shape, split["shape"])
        assert array.shape[0] == len(split["clips"])
        arrays[name] = torch.from_numpy(array)
    train = arrays["train"]
    norm = manifest["normalisation"]
    # Statistics of the training frames (each frame once), within the clips' range.
    assert float(train.min()) >= norm["trainMinimum"] and float(train.max()) <= norm["trainMaximum"]
    torch.manual_seed(0)
    model = NextFrame()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-2)
    x = (train - norm["trainMean"]) / max(norm["trainStd"], 1e-8)
    target = x[:, 2:]
    losses = []
    for _ in range(args.steps):
        optimiser.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), target)
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    os.makedirs(args.out, exist_ok=True)
    tensors = {name: value.detach().contiguous() for name, value in model.state_dict().items()}
    weights = os.path.join(args.out, "next_frame.safetensors")
    save_file(tensors, weights, metadata={"dataset": manifest["dataset"], "steps": str(args.steps)})
    arch = {
        "model": "next-frame-conv3d",
        "configuration": {"kernel": [2, 3, 3], "channels": 1},
        "parameters": {name: list(value.shape) for name, value in tensors.items()},
    }
    with open(os.path.join(args.out, "arch.json"), "w") as handle:
        json.dump(arch, handle, indent=2)
    print(json.dumps({
        "shapes": {name: list(array.shape) for name, array in arrays.items()},
        "loss_first": losses[0], "loss_last": losses[-1],
        "weights": weights, "arch": os.path.join(args.out, "arch.json"),
    }))


if __name__ == "__main__":
    main()
