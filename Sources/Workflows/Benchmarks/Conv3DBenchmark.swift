import Foundation
import Tensor

/// Speed of `Tensor.conv3d` forward + backward at the E3D-LSTM shapes, against this machine's
/// measured sgemm peak and against PyTorch (2 threads), all in the same invocation.
///
/// Shapes (shared/docs/E3DLSTM.md §7): input `[N, C, 2, 16, 16]`, weight `[448, C, 2, 5, 5]`,
/// bias `[448]`, stride 1, padding `[0, 2, 2]` → output `[N, 448, 1, 16, 16]`, for the inner
/// layers' X-conv (C = 64) and the first layer's (C = 16). One repetition = forward, then the
/// input, weight and bias gradients; FLOPs = 3 · 2 · N·O·P·K (forward, dW, dX GEMMs) with
/// P = 256 output positions and K = C·50.
///
/// The machine is shared, so the run is `rounds` × (sgemm, our cases, the PyTorch process), each
/// with one warm-up and `repetitions` timed repetitions, and every figure is the best over all
/// rounds: both sides see the same load, and the best is the least disturbed. Medians are in the
/// details. Reports, per case: GFLOP/s against the cblas_sgemm 2048³ peak (ratio = fraction of
/// peak, goal ≥ 0.6) and seconds against PyTorch (ratio = our time / PyTorch's, goal ≤ 1).
public enum Conv3DBenchmark {
    /// One convolution shape of the benchmark.
    struct Case {
        let name: String
        let inputChannels: Int
        let outputChannels = 448
    }

    /// Timings of one case (or of PyTorch's run of it), pooled over rounds.
    struct Samples {
        var forward: [Double] = []
        var backward: [Double] = []
        var total: [Double] = []
        /// The three GEMMs alone (W·cols, G·colsᵀ, Wᵀ·G) on random matrices of the same shapes.
        var gemmsOnly: [Double] = []
    }

    /// Runs the cases and the anchor `python3 <script>`; PyTorch figures are nil if it fails.
    public static func run(
        batch: Int = 8, repetitions: Int = 5, rounds: Int = 2, script: String = "Benchmarks/conv3d_reference.py"
    ) -> [BenchmarkReport] {
        precondition(batch >= 1 && repetitions >= 1 && rounds >= 1, "Conv3DBenchmark: batch \(batch), repetitions \(repetitions), rounds \(rounds)")
        let cases = [Case(name: "64→448", inputChannels: 64), Case(name: "16→448", inputChannels: 16)]
        var sgemm: [Double] = [], anchorSgemm: [Double] = []
        var ours = [Samples](repeating: Samples(), count: cases.count)
        var theirs = [Samples](repeating: Samples(), count: cases.count)
        var anchorVersion = "not run"
        for _ in 0..<rounds {
            sgemm += sgemmTimes(size: 2048, repetitions: repetitions)
            for (index, convolution) in cases.enumerated() { measure(convolution, batch: batch, repetitions: repetitions, into: &ours[index]) }
            guard let anchor = PythonAnchor.run(script: script, arguments: ["--repetitions", "\(repetitions)", "--batch", "\(batch)"]) else { continue }
            anchorVersion = "torch \(anchor["torch"] ?? "?"), mkldnn \(anchor["mkldnn"] ?? "?"), \(anchor["threads"] ?? "?") threads"
            anchorSgemm += (anchor["sgemm2048"] as? [String: Any])?["times_s"] as? [Double] ?? []
            for (index, torchCase) in (anchor["cases"] as? [[String: Any]] ?? []).prefix(cases.count).enumerated() {
                theirs[index].forward += torchCase["forward_s"] as? [Double] ?? []
                theirs[index].backward += torchCase["backward_s"] as? [Double] ?? []
                theirs[index].total += torchCase["total_s"] as? [Double] ?? []
            }
        }
        let sgemmFlops = 2.0 * 2048 * 2048 * 2048
        let peak = sgemmFlops / sgemm.min()! / 1e9
        let common = [
            "batch": "\(batch)", "timing": "\(rounds) rounds × \(repetitions) repetitions after 1 warm-up; best of all",
            "threads": "GEMMs split over \(BLAS.threadCount) threads (OpenBLAS \(BLAS.coreName) kernels, library single-threaded); \(ProcessInfo.processInfo.activeProcessorCount) cores",
            "anchor": anchorVersion,
        ]
        var reports = [
            BenchmarkReport(
                name: "sgemm 2048³", unit: "GFLOP/s", operando: peak,
                anchor: anchorSgemm.min().map { sgemmFlops / $0 / 1e9 }, anchorName: "torch.mm (2 threads)",
                details: common.merging(["median GFLOP/s": format(sgemmFlops / median(sgemm) / 1e9)]) { $1 })
        ]
        for (index, convolution) in cases.enumerated() {
            let geometry = ConvolutionGeometry(
                inputShape: [batch, convolution.inputChannels, 2, 16, 16],
                weightShape: [convolution.outputChannels, convolution.inputChannels, 2, 5, 5], stride: [1, 1, 1], padding: [0, 2, 2])
            let flops = 3 * 2 * Double(geometry.forwardMultiplyAdds)
            let (mine, torch) = (ours[index], theirs[index])
            var details = common.merging([
                "input": "\(geometry.inputShape)", "weight": "\(geometry.weightShape)", "GFLOP per repetition": format(flops / 1e9),
                "forward / backward best s": "\(format(mine.forward.min()!)) / \(format(mine.backward.min()!))",
                "median s": format(median(mine.total)),
                "GEMMs alone best s (same shapes)": format(mine.gemmsOnly.min()!),
            ]) { $1 }
            if !torch.total.isEmpty {
                details["PyTorch forward / backward best s"] = "\(format(torch.forward.min()!)) / \(format(torch.backward.min()!))"
                details["PyTorch median s"] = format(median(torch.total))
            }
            reports.append(BenchmarkReport(
                name: "conv3d fwd+bwd \(convolution.name) throughput", unit: "GFLOP/s", operando: flops / mine.total.min()! / 1e9,
                anchor: peak, anchorName: "cblas_sgemm 2048³ peak", details: details))
            reports.append(BenchmarkReport(
                name: "conv3d fwd+bwd \(convolution.name) time", unit: "s", operando: mine.total.min()!,
                anchor: torch.total.min(), anchorName: "PyTorch conv3d (2 threads)", details: details))
        }
        return reports
    }

    /// Seconds of `C = A·B` for square float32 matrices, after one warm-up.
    static func sgemmTimes(size: Int, repetitions: Int) -> [Double] {
        var rng = SplitMix64(seed: 1)
        let a = Tensor(randomUniform: [size, size], in: -1...1, using: &rng)
        let b = Tensor(randomUniform: [size, size], in: -1...1, using: &rng)
        var times: [Double] = []
        for repetition in 0...repetitions {
            let time = seconds { _ = Tensor.matmul(a, b) }
            if repetition > 0 { times.append(time) }
        }
        return times
    }

    /// Appends forward, backward and total seconds of `repetitions` runs (after one warm-up).
    static func measure(_ convolution: Case, batch: Int, repetitions: Int, into samples: inout Samples) {
        var rng = SplitMix64(seed: 7)
        let input = Tensor(randomNormal: [batch, convolution.inputChannels, 2, 16, 16], using: &rng)
        let weight = Tensor(
            randomNormal: [convolution.outputChannels, convolution.inputChannels, 2, 5, 5], standardDeviation: 0.05, using: &rng)
        let bias = Tensor(zeros: [convolution.outputChannels])
        let upstream = Tensor(randomNormal: [batch, convolution.outputChannels, 1, 16, 16], using: &rng)
        let (stride, padding) = ([1, 1, 1], [0, 2, 2])
        let geometry = ConvolutionGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride, padding: padding)
        let (o, k, columns) = (geometry.outputChannels, geometry.patchSize, geometry.batch * geometry.outputPositions)
        let weightMatrix = weight.reshaped([o, k]), columnMatrix = Tensor(randomNormal: [k, columns], using: &rng)
        let gradientMatrix = Tensor(randomNormal: [o, columns], using: &rng)
        for repetition in 0...repetitions {
            let gemmTime = seconds {
                _ = Tensor.matmul(weightMatrix, columnMatrix)
                _ = Tensor.matmul(gradientMatrix, columnMatrix, transposeB: true)
                _ = Tensor.matmul(weightMatrix, gradientMatrix, transposeA: true)
            }
            if repetition > 0 { samples.gemmsOnly.append(gemmTime) }
        }
        for repetition in 0...repetitions {
            var output = Tensor(zeros: [])
            let forwardTime = seconds { output = Tensor.conv3d(input, weight: weight, bias: bias, stride: stride, padding: padding) }
            let backwardTime = seconds {
                _ = Tensor.conv3dBackward(input: input, weight: weight, outputGradient: upstream, stride: stride, padding: padding)
            }
            precondition(output.shape == upstream.shape, "Conv3DBenchmark: output \(output.shape)")
            if repetition > 0 {
                samples.forward.append(forwardTime)
                samples.backward.append(backwardTime)
                samples.total.append(forwardTime + backwardTime)
            }
        }
    }

    static func seconds(_ body: () -> Void) -> Double { seconds(ContinuousClock().measure(body)) }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func format(_ value: Double) -> String { String(format: "%.4g", value) }
}
