#!/usr/bin/env python3
"""PyTorch reference of Operando's E3D-LSTM surrogate (folded 2-D form, Docs/e3d-lstm.md).

Computes the same function as Sources/E3DLSTM (same equations, parameter names and shapes), so
`operando bench surrogate` can time both in one invocation, and `--check` can compare outputs
on weights written by `E3DLSTMModel.weightsSafetensors()`.

Timing mode prints one JSON object:
  {"train_step_seconds": median, "rollout_seconds": median, "threads": 2, ...}
Usage:
  python3 e3dlstm_reference.py --layers 2 --hidden 16 --size 64 --patch 4 --batch 8 --repeats 3
  python3 e3dlstm_reference.py --check weights.safetensors context.npy frames out.npy
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn.functional as F


class Cell(torch.nn.Module):
    """One folded E3D-LSTM cell; parameter names match E3DLSTMCell.namedParameters."""

    def __init__(self, cin, ch, k, layer_norm):
        super().__init__()
        self.ch, self.k = ch, k
        conv = lambda o, i, kk: torch.nn.Conv2d(i, o, kk, padding=kk // 2, bias=False)
        self.inputConv = torch.nn.Conv2d(cin, 7 * ch, k, padding=k // 2)
        self.hiddenConv = conv(4 * ch, ch, k)
        self.memoryConv = conv(3 * ch, ch, k)
        self.outputConv = conv(ch, 2 * ch, k)
        self.fusionConv = torch.nn.Conv2d(2 * ch, ch, 1)
        self.cellNorm = ChannelLayerNorm(ch)
        self.gateNorm = ChannelLayerNorm(4 * ch) if layer_norm else None
        self.memoryGateNorm = ChannelLayerNorm(3 * ch) if layer_norm else None

    def forward(self, x, m, h, c, history, tau):
        ch = self.ch
        xg = self.inputConv(x)
        gates = xg[:, : 4 * ch] + self.hiddenConv(h)
        mgates = xg[:, 4 * ch :] + self.memoryConv(m)
        if self.gateNorm is not None:
            gates = self.gateNorm(gates)
            mgates = self.memoryGateNorm(mgates)
        i, g, r, o = torch.split(gates, ch, dim=1)
        i, g, r = torch.sigmoid(i), torch.tanh(g), torch.sigmoid(r)
        n, _, hh, ww = r.shape
        q = r.reshape(n, ch, hh * ww)
        keys = torch.cat([past.reshape(n, ch, hh * ww) for past in history], dim=2)
        weights = torch.softmax(torch.bmm(q.transpose(1, 2), keys), dim=-1)
        recall = torch.bmm(keys, weights.transpose(1, 2)).reshape(n, ch, hh, ww)
        c_new = i * g + self.cellNorm(c + recall)
        i2, g2, f2 = torch.split(mgates, ch, dim=1)
        m_new = torch.sigmoid(f2 + 1) * m + torch.sigmoid(i2) * torch.tanh(g2)
        joint = torch.cat([c_new, m_new], dim=1)
        out = torch.sigmoid(o + self.outputConv(joint))
        h_new = out * torch.tanh(self.fusionConv(joint))
        history = (history + [c_new])[-tau:]
        return m_new, h_new, c_new, history


class ChannelLayerNorm(torch.nn.Module):
    """Statistics over C, H, W per sample; gain and shift per channel (TF layer_norm)."""

    def __init__(self, channels):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.ones(channels))
        self.bias = torch.nn.Parameter(torch.zeros(channels))

    def forward(self, x):
        y = F.layer_norm(x, x.shape[1:], eps=1e-5)
        return y * self.weight[None, :, None, None] + self.bias[None, :, None, None]


class Model(torch.nn.Module):
    def __init__(self, layers, ch, patch, cin=1, tau=5, window=2, k=5, layer_norm=True, residual=True):
        super().__init__()
        self.patch, self.tau, self.window, self.residual, self.cin = patch, tau, window, residual, cin
        pc = patch * patch * cin
        self.cells = torch.nn.ModuleList(
            [Cell(window * pc if l == 0 else ch, ch, k, layer_norm) for l in range(layers)])
        self.decoder = torch.nn.Conv2d(ch, pc, 1)
        self.ch = ch

    def initial_state(self, n, hh, ww):
        zeros = torch.zeros(n, self.ch, hh, ww)
        pc = self.patch * self.patch * self.cin
        return {
            "h": [zeros] * len(self.cells), "c": [zeros] * len(self.cells),
            "hist": [[zeros] for _ in self.cells], "m": zeros,
            "window": [torch.zeros(n, pc, hh, ww)] * self.window,
        }

    def step(self, frame, s):
        s["window"] = s["window"][1:] + [frame]
        x = torch.cat(s["window"], dim=1) if self.window > 1 else frame
        m = s["m"]
        for l, cell in enumerate(self.cells):
            m, s["h"][l], s["c"][l], s["hist"][l] = cell(x, m, s["h"][l], s["c"][l], s["hist"][l], self.tau)
            x = s["h"][l]
        s["m"] = m
        d = self.decoder(x)
        return frame + d if self.residual else d


def unit_clamp_straight_through(x):
    """Forward clamp(x, 0, 1); the gradient passes unchanged (Operando's training clamp)."""
    return x + (x.clamp(0, 1) - x).detach()


def train_step(model, optimizer, clips, input_frames, eta, generator):
    """One update: L1 + L2 over all clamped predictions, scheduled sampling with truth probability eta."""
    n, length = clips.shape[:2]
    frames = [F.pixel_unshuffle(clips[:, t : t + 1], model.patch) for t in range(length)]
    s = model.initial_state(n, frames[0].shape[2], frames[0].shape[3])
    loss, pred = 0.0, None
    for t in range(length - 1):
        if t < input_frames:
            x = frames[t]
        else:
            mask = (torch.rand(n, 1, 1, 1, generator=generator) < eta).float()
            x = mask * frames[t] + (1 - mask) * pred
        pred = unit_clamp_straight_through(model.step(x, s))
        target = frames[t + 1]
        loss = loss + F.l1_loss(pred, target) + F.mse_loss(pred, target)
    loss = loss / (length - 1)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    return loss.item()


@torch.no_grad()
def rollout(model, context, frames, clamp=True):
    n, t_in = context.shape[:2]
    s = None
    outputs = []
    pred = None
    for t in range(t_in + frames - 1):
        x = F.pixel_unshuffle(context[:, t : t + 1], model.patch) if t < t_in else pred
        if s is None:
            s = model.initial_state(n, x.shape[2], x.shape[3])
        pred = model.step(x, s)
        if clamp:
            pred = pred.clamp(0, 1)
        if t >= t_in - 1:
            outputs.append(F.pixel_shuffle(pred, model.patch))
    return torch.cat(outputs, dim=1)


def median_time(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--hidden", type=int, default=16)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--patch", type=int, default=4)
    parser.add_argument("--tau", type=int, default=5)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--clip", type=int, default=20)
    parser.add_argument("--input-frames", type=int, default=10)
    parser.add_argument("--rollout", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--check", nargs=4, metavar=("WEIGHTS", "CONTEXT", "FRAMES", "OUT"))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    if args.check:
        from safetensors.torch import load_file
        weights_path, context_path, frames, out_path = args.check
        tensors = load_file(weights_path)
        layers = len({k.split(".")[1] for k in tensors if k.startswith("cells.")})
        ch = tensors["cells.0.cellNorm.weight"].shape[0]
        pc = tensors["decoder.bias"].shape[0]
        k = tensors["cells.0.hiddenConv.weight"].shape[-1]
        cin_first = tensors["cells.0.inputConv.weight"].shape[1]
        layer_norm = "cells.0.gateNorm.weight" in tensors
        patch = int(round((pc) ** 0.5))
        model = Model(layers, ch, patch, tau=args.tau, window=cin_first // pc, k=k, layer_norm=layer_norm)
        model.load_state_dict(tensors, strict=True)
        context = torch.from_numpy(np.load(context_path))
        np.save(out_path, rollout(model, context, int(frames)).numpy())
        return

    torch.manual_seed(0)
    model = Model(args.layers, args.hidden, args.patch, tau=args.tau)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    clips = torch.rand(args.batch, args.clip, args.size, args.size)
    generator = torch.Generator().manual_seed(0)
    train, train_all = median_time(lambda: train_step(model, optimizer, clips, args.input_frames, 0.5, generator), args.repeats)
    context = clips[:, : args.input_frames]
    infer, infer_all = median_time(lambda: rollout(model, context, args.rollout), args.repeats)
    print(json.dumps({
        "train_step_seconds": train, "rollout_seconds": infer, "train_all": train_all, "rollout_all": infer_all,
        "threads": torch.get_num_threads(), "torch": torch.__version__,
        "parameters": sum(p.numel() for p in model.parameters()),
    }))


if __name__ == "__main__":
    main()
