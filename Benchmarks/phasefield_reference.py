#!/usr/bin/env python3
"""Vectorised float64 numpy versions of Operando's four phase-field schemes, timed per step.

The anchor of `operando bench simulate`: the same discretisations as Sources/PhaseField
(Docs/models/*.md), written with whole-array numpy operations. Prints one JSON object:
{"numpy": version, "results": [{"model", "size", "unit", "milliseconds", "steps"}...]}.

Usage: python3 Benchmarks/phasefield_reference.py [--sizes 64 256] [--repeats 3]
"""
import argparse
import json
import time

import numpy as np


def best_time(function, repeats):
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


# --- plane wave: c = 0.5 sin(kx x + ky y + w t + th0) exp(-b t) + 0.5 ------------------------
def plane_wave_frames(n, frames):
    k = 2 * np.pi / 0.45
    kx, ky, w, b, th0 = k * np.cos(0.7), k * np.sin(0.7), 2 * np.pi / 0.045, 2 * np.pi / 3.75, 0.3
    y, x = np.mgrid[0:n, 0:n] / n
    out = np.empty((frames, n, n), np.float32)
    for f in range(frames):
        t = f * 0.005
        out[f] = 0.5 * np.sin(kx * x + ky * y + w * t + th0) * np.exp(-b * t) + 0.5
    return out


# --- dendrite: Kobayashi 1993, explicit, zero-flux walls via edge padding --------------------
class Dendrite:
    def __init__(self, n, latent_heat=1.6, seed=1):
        self.n, self.dx, self.dt, self.tau = n, 0.03, 1e-4, 3e-4
        self.eps0, self.delta, self.theta0, self.alpha, self.gamma, self.a = 0.01, 0.02, 0.0, 0.9, 10.0, 0.01
        self.K = latent_heat
        c = (np.arange(n) + 0.5 - n / 2) * self.dx
        self.phi = ((c[:, None] ** 2 + c[None, :] ** 2) <= 0.15 ** 2).astype(np.float64)
        self.T = np.zeros((n, n))
        self.rng = np.random.default_rng(seed)

    def step(self):
        dx, phi, T = self.dx, self.phi, self.T
        p = np.pad(phi, 1, mode="edge")
        phi_x = (p[1:-1, 2:] - p[1:-1, :-2]) / (2 * dx)
        phi_y = (p[2:, 1:-1] - p[:-2, 1:-1]) / (2 * dx)
        theta = np.arctan2(phi_y, phi_x)
        eps = self.eps0 * (1 + self.delta * np.cos(6 * (theta - self.theta0)))
        eps_prime = -self.eps0 * self.delta * 6 * np.sin(6 * (theta - self.theta0))
        B = np.pad(eps * eps_prime * phi_x, 1, mode="edge")
        C = np.pad(eps * eps_prime * phi_y, 1, mode="edge")
        E = np.pad(eps * eps, 1, mode="edge")
        e0 = E[1:-1, 1:-1]
        cross = (B[2:, 1:-1] - B[:-2, 1:-1] - C[1:-1, 2:] + C[1:-1, :-2]) / (2 * dx)
        div = ((e0 + E[1:-1, :-2]) * (p[1:-1, :-2] - phi) + (e0 + E[1:-1, 2:]) * (p[1:-1, 2:] - phi)
               + (e0 + E[:-2, 1:-1]) * (p[:-2, 1:-1] - phi) + (e0 + E[2:, 1:-1]) * (p[2:, 1:-1] - phi)) / (2 * dx * dx)
        m = self.alpha / np.pi * np.arctan(self.gamma * (1.0 - T))
        u = self.rng.random((self.n, self.n))
        g = phi * (1 - phi)
        change = self.dt / self.tau * (cross + div + g * (phi - 0.5 + m) + self.a * g * (u - 0.5))
        t = np.pad(T, 1, mode="edge")
        lap_t = (t[1:-1, :-2] + t[1:-1, 2:] + t[:-2, 1:-1] + t[2:, 1:-1] - 4 * T) / (dx * dx)
        self.phi = phi + change
        self.T = T + self.dt * lap_t + self.K * change


# --- spinodal: Cahn-Hilliard, finite volumes, variable mobility, no-flux walls ---------------
class Spinodal:
    def __init__(self, n, c0=0.5, seed=1):
        rng = np.random.default_rng(seed)
        noise = 0.01 * (2 * rng.random((n, n)) - 1)
        self.c = c0 + noise - noise.mean()
        self.RT, self.omega, self.eps, self.M, self.dt = 0.1, 0.27397, 0.1682, 1.0, 0.25

    def step(self):
        c = self.c
        p = np.pad(c, 1, mode="edge")
        lap = p[1:-1, :-2] + p[1:-1, 2:] + p[:-2, 1:-1] + p[2:, 1:-1] - 4 * c
        cc = np.clip(c, 1e-6, 1 - 1e-6)
        mu = np.pad(self.RT * np.log(cc / (1 - cc)) + self.omega * (1 - 2 * c) - self.eps * lap, 1, mode="edge")
        g = np.pad(c * (1 - c), 1, mode="edge")
        g0, mu0 = g[1:-1, 1:-1], mu[1:-1, 1:-1]
        flux = ((g0 + g[1:-1, :-2]) * (mu[1:-1, :-2] - mu0) + (g0 + g[1:-1, 2:]) * (mu[1:-1, 2:] - mu0)
                + (g0 + g[:-2, 1:-1]) * (mu[:-2, 1:-1] - mu0) + (g0 + g[2:, 1:-1]) * (mu[2:, 1:-1] - mu0))
        self.c = c + self.dt * self.M / 2 * flux


# --- grain growth: windowed multi-order-parameter Allen-Cahn, periodic ------------------------
class GrainGrowth:
    MARGIN, RECUT, THRESHOLD = 6, 10, 1e-6

    def __init__(self, n, grains, seed=11):
        rng = np.random.default_rng(seed)
        self.n, self.dt, self.gamma, self.steps = n, 0.2, 1.5, 0
        seeds = rng.random((grains, 2)) * n
        rows, cols = np.mgrid[0:n, 0:n] + 0.5
        dy = rows[None] - seeds[:, 0, None, None]
        dx = cols[None] - seeds[:, 1, None, None]
        dy -= n * np.round(dy / n)
        dx -= n * np.round(dx / n)
        labels = np.argmin(dy * dy + dx * dx, axis=0)
        anchors = seeds.astype(int)
        self.windows = []  # (origin_row, origin_col, eta, full)
        for g in range(grains):
            r, c = np.nonzero(labels == g)
            if r.size == 0:
                continue
            oy = (r - anchors[g, 0] + n // 2) % n - n // 2
            ox = (c - anchors[g, 1] + n // 2) % n - n // 2
            h = oy.max() - oy.min() + 1 + 2 * self.MARGIN
            w = ox.max() - ox.min() + 1 + 2 * self.MARGIN
            if h > n - 2 or w > n - 2 or min(oy.min(), ox.min()) <= -(n // 2 - 1) or max(oy.max(), ox.max()) >= n // 2 - 1:
                self.windows.append((0, 0, (labels == g).astype(np.float64), True))
            else:
                r0, c0 = anchors[g, 0] + oy.min() - self.MARGIN, anchors[g, 1] + ox.min() - self.MARGIN
                eta = (labels[np.ix_((r0 + np.arange(h)) % n, (c0 + np.arange(w)) % n)] == g).astype(np.float64)
                self.windows.append((r0, c0, eta, False))
        self.S = np.ones((n, n))

    def step(self):
        n, dt, two_gamma = self.n, self.dt, 2 * self.gamma
        S_new = np.zeros((n, n))
        updated = []
        for r0, c0, eta, full in self.windows:
            if full:
                lap = np.roll(eta, 1, 0) + np.roll(eta, -1, 0) + np.roll(eta, 1, 1) + np.roll(eta, -1, 1) - 4 * eta
                index = np.ix_(np.arange(n), np.arange(n))
            else:
                p = np.pad(eta, 1)
                lap = p[:-2, 1:-1] + p[2:, 1:-1] + p[1:-1, :-2] + p[1:-1, 2:] - 4 * eta
                index = np.ix_((r0 + np.arange(eta.shape[0])) % n, (c0 + np.arange(eta.shape[1])) % n)
            others = self.S[index] - eta * eta
            new = eta - dt * (eta ** 3 - eta + two_gamma * eta * others - lap)
            S_new[index] += new * new
            updated.append((r0, c0, new, full))
        self.windows, self.S = updated, S_new
        self.steps += 1
        if self.steps % self.RECUT == 0:
            self.recut()

    def recut(self):
        n, kept = self.n, []
        for r0, c0, eta, full in self.windows:
            rows, cols = np.nonzero(eta > self.THRESHOLD)
            if rows.size == 0:
                continue
            if full:
                kept.append((r0, c0, eta, full))
                continue
            top, left = rows.min() - self.MARGIN, cols.min() - self.MARGIN
            h = rows.max() - rows.min() + 1 + 2 * self.MARGIN
            w = cols.max() - cols.min() + 1 + 2 * self.MARGIN
            if h > n - 2 or w > n - 2:
                dense = np.zeros((n, n))
                dense[np.ix_((r0 + np.arange(eta.shape[0])) % n, (c0 + np.arange(eta.shape[1])) % n)] = eta
                kept.append((0, 0, dense, True))
                continue
            new = np.zeros((h, w))
            src_r = slice(max(top, 0), min(top + h, eta.shape[0]))
            src_c = slice(max(left, 0), min(left + w, eta.shape[1]))
            new[src_r.start - top:src_r.stop - top, src_c.start - left:src_c.stop - left] = eta[src_r, src_c]
            kept.append((r0 + top, c0 + left, new, False))
        self.windows = kept


def time_steps(make, steps, repeats):
    """Best-of-`repeats` milliseconds per step over `steps` steps after 3 warm-up steps."""
    best = float("inf")
    for _ in range(repeats):
        model = make()
        for _ in range(3):
            model.step()
        start = time.perf_counter()
        for _ in range(steps):
            model.step()
        best = min(best, (time.perf_counter() - start) / steps)
    return best * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        frames = 40
        ms = best_time(lambda: plane_wave_frames(n, frames), args.repeats) / frames * 1e3
        results.append({"model": "plane-wave", "size": n, "unit": "ms/frame", "milliseconds": ms, "steps": frames})
        steps = 200 if n <= 64 else 40
        ms = time_steps(lambda: Dendrite(n), steps, args.repeats)
        results.append({"model": "dendrite", "size": n, "unit": "ms/step", "milliseconds": ms, "steps": steps})
        steps = 500 if n <= 64 else 100
        ms = time_steps(lambda: Spinodal(n), steps, args.repeats)
        results.append({"model": "spinodal", "size": n, "unit": "ms/step", "milliseconds": ms, "steps": steps})
        grains = 10 if n <= 64 else 100
        steps = 50 if n <= 64 else 20
        ms = time_steps(lambda: GrainGrowth(n, grains), steps, args.repeats)
        results.append({"model": "grain-growth", "size": n, "unit": "ms/step", "milliseconds": ms, "steps": steps,
                        "grains": grains})
    print(json.dumps({"numpy": np.__version__, "results": results}))


if __name__ == "__main__":
    main()
