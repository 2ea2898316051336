import Glibc
public import Tensor

/// Naive nested-loop reference kernels in Double, written independently of the fast kernels.
public enum Reference {
    /// Direct 3-D cross-correlation: `y[n,o,z,r,c] = b[o] + Σ W[o,ch,a,i,j] · x[n,ch,z·sD−pD+a, r·sH−pH+i, c·sW−pW+j]`.
    public static func conv3d(_ x: Tensor, weight w: Tensor, bias: Tensor?, stride s: [Int], padding p: [Int]) -> Tensor {
        let (n, ci, d, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], x.shape[4])
        let (co, kd, kh, kw) = (w.shape[0], w.shape[2], w.shape[3], w.shape[4])
        let od = (d + 2 * p[0] - kd) / s[0] + 1, oh = (h + 2 * p[1] - kh) / s[1] + 1, ow = (wd + 2 * p[2] - kw) / s[2] + 1
        var y = Tensor(zeros: [n, co, od, oh, ow])
        for b in 0..<n { for o in 0..<co { for z in 0..<od { for r in 0..<oh { for c in 0..<ow {
            var total = Double(bias?.scalars[o] ?? 0)
            for ch in 0..<ci { for a in 0..<kd { for i in 0..<kh { for j in 0..<kw {
                let iz = z * s[0] - p[0] + a, ir = r * s[1] - p[1] + i, ic = c * s[2] - p[2] + j
                if iz < 0 || iz >= d || ir < 0 || ir >= h || ic < 0 || ic >= wd { continue }
                total += Double(w[o, ch, a, i, j]) * Double(x[b, ch, iz, ir, ic])
            } } } }
            y[b, o, z, r, c] = Float(total)
        } } } } }
        return y
    }

    /// Gradients of `conv3d` by scattering each output gradient through the same loops.
    public static func conv3dBackward(
        _ x: Tensor, weight w: Tensor, outputGradient g: Tensor, stride s: [Int], padding p: [Int]
    ) -> (input: Tensor, weight: Tensor, bias: Tensor) {
        let (n, ci, d, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], x.shape[4])
        let (co, kd, kh, kw) = (w.shape[0], w.shape[2], w.shape[3], w.shape[4])
        let (od, oh, ow) = (g.shape[2], g.shape[3], g.shape[4])
        var dx = [Double](repeating: 0, count: x.count), dw = [Double](repeating: 0, count: w.count)
        var db = [Double](repeating: 0, count: co)
        for b in 0..<n { for o in 0..<co { for z in 0..<od { for r in 0..<oh { for c in 0..<ow {
            let upstream = Double(g[b, o, z, r, c])
            db[o] += upstream
            for ch in 0..<ci { for a in 0..<kd { for i in 0..<kh { for j in 0..<kw {
                let iz = z * s[0] - p[0] + a, ir = r * s[1] - p[1] + i, ic = c * s[2] - p[2] + j
                if iz < 0 || iz >= d || ir < 0 || ir >= h || ic < 0 || ic >= wd { continue }
                let xi = (((b * ci + ch) * d + iz) * h + ir) * wd + ic
                let wi = (((o * ci + ch) * kd + a) * kh + i) * kw + j
                dx[xi] += upstream * Double(w.scalars[wi])
                dw[wi] += upstream * Double(x.scalars[xi])
            } } } }
        } } } } }
        return (Tensor(shape: x.shape, scalars: dx.map(Float.init)), Tensor(shape: w.shape, scalars: dw.map(Float.init)),
                Tensor(shape: [co], scalars: db.map(Float.init)))
    }

    /// Direct 2-D cross-correlation: `y[n,o,r,c] = b[o] + Σ W[o,ch,i,j] · x[n,ch,r·sH−pH+i, c·sW−pW+j]`.
    public static func conv2d(_ x: Tensor, weight w: Tensor, bias: Tensor?, stride s: [Int], padding p: [Int]) -> Tensor {
        let (n, ci, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (co, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
        let oh = (h + 2 * p[0] - kh) / s[0] + 1, ow = (wd + 2 * p[1] - kw) / s[1] + 1
        var y = Tensor(zeros: [n, co, oh, ow])
        for b in 0..<n { for o in 0..<co { for r in 0..<oh { for c in 0..<ow {
            var total = Double(bias?.scalars[o] ?? 0)
            for ch in 0..<ci { for i in 0..<kh { for j in 0..<kw {
                let ir = r * s[0] - p[0] + i, ic = c * s[1] - p[1] + j
                if ir < 0 || ir >= h || ic < 0 || ic >= wd { continue }
                total += Double(w[o, ch, i, j]) * Double(x[b, ch, ir, ic])
            } } }
            y[b, o, r, c] = Float(total)
        } } } }
        return y
    }

    /// Layer norm over all non-batch axes with per-channel gain/bias, in Double.
    public static func layerNorm(_ x: Tensor, gain: Tensor, bias: Tensor, epsilon: Double) -> Tensor {
        let (n, c) = (x.shape[0], x.shape[1])
        let perSample = x.count / n, spatial = perSample / c
        var y = Tensor(zeros: x.shape)
        for b in 0..<n {
            let values = (0..<perSample).map { Double(x.scalars[b * perSample + $0]) }
            let mean = values.reduce(0, +) / Double(perSample)
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(perSample)
            for i in 0..<perSample {
                let channel = i / spatial
                let normalized = (values[i] - mean) / (variance + epsilon).squareRoot()
                y.scalars[b * perSample + i] = Float(normalized * Double(gain.scalars[channel]) + Double(bias.scalars[channel]))
            }
        }
        return y
    }

    /// Attention `softmax(scale · Q Kᵀ) V` per batch item, in Double.
    public static func attention(query q: Tensor, key k: Tensor, value v: Tensor, scale: Double) -> Tensor {
        let (batch, nq, d) = (q.shape[0], q.shape[1], q.shape[2])
        let (nk, dv) = (k.shape[1], v.shape[2])
        var out = Tensor(zeros: [batch, nq, dv])
        for b in 0..<batch {
            for i in 0..<nq {
                var scores = [Double](repeating: 0, count: nk)
                for j in 0..<nk {
                    var dot = 0.0
                    for e in 0..<d { dot += Double(q[b, i, e]) * Double(k[b, j, e]) }
                    scores[j] = scale * dot
                }
                let largest = scores.max() ?? 0
                let weights = scores.map { Glibc.exp($0 - largest) }
                let total = weights.reduce(0, +)
                for e in 0..<dv {
                    var value = 0.0
                    for j in 0..<nk { value += weights[j] / total * Double(v[b, j, e]) }
                    out[b, i, e] = Float(value)
                }
            }
        }
        return out
    }

    /// Matrix product `[M, K] · [K, N]` in Double.
    public static func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        var c = Tensor(zeros: [m, n])
        for i in 0..<m { for j in 0..<n {
            var total = 0.0
            for e in 0..<k { total += Double(a[i, e]) * Double(b[e, j]) }
            c[i, j] = Float(total)
        } }
        return c
    }
}
