import Foundation
import Tensor

/// Speed of `Tensor.conv3d` forward + backward at the E3D-LSTM shapes, against this machine's
/// measured sgemm peak and against PyTorch (2 threads), all in the same invocation.
///
/// Shapes (shared/docs/E3DLSTM.md §7): input `[N, C, 2, 16, 16]`, weight `[448, C, 2, 5, 5]`,
/// bias `[448]`, stride 1, padding `[0, 2, 2]` → output `[N, 448, 1, 16, 16]`, for the inner
/// layers' X-conv (C = 64) and the first layer's (C = 16). One repetition = forward, then the
/// input, weight and bias gradients; FLOPs = 3 · 2 · N·O·P·K (forward, dW, dX GEMMs) with
/// P = 256 output positions and K = C·50. Times are the best of `repetitions` after one warm-up,
/// the robust statistic on a shared machine; medians are in the details.
///
/// Reports, per case: GFLOP/s against the cblas_sgemm 2048³ peak (ratio = fraction of peak,
/// goal ≥ 0.6) and seconds against PyTorch (ratio = our time / PyTorch's, goal ≤ 1).
public enum Conv3DBenchmark {
    /// One convolution shape of the benchmark.
    struct Case {
        let name: String
        let inputChannels: Int
        let outputChannels = 448
    }

    /// Runs the cases and the anchor `python3 <script>`; PyTorch figures are nil if it fails.
    public static func run(
        batch: Int = 8, repetitions: Int = 5, script: String = "Benchmarks/conv3d_reference.py"
    ) -> [BenchmarkReport] {
        precondition(batch >= 1 && repetitions >= 1, "Conv3DBenchmark: batch \(batch), repetitions \(repetitions)")
        let peak = sgemmPeak(size: 2048, repetitions: repetitions)
        let cases = [Case(name: "64→448", inputChannels: 64), Case(name: "16→448", inputChannels: 16)]
        let measured = cases.map { measure($0, batch: batch, repetitions: repetitions) }
        let anchor = runAnchor(script: script, arguments: ["--repetitions", "\(repetitions)", "--batch", "\(batch)"])
        let anchorCases = anchor?["cases"] as? [[String: Any]] ?? []
        let common = [
            "batch": "\(batch)", "repetitions": "\(repetitions) after 1 warm-up, best",
            "threads": "\(BLAS.threadCount) OpenBLAS (\(BLAS.coreName)) + \(ProcessInfo.processInfo.activeProcessorCount) cores between GEMMs",
        ]
        var reports = [
            BenchmarkReport(
                name: "sgemm 2048³", unit: "GFLOP/s", operando: peak.gflops,
                anchor: (anchor?["sgemm2048"] as? [String: Any])?["gflops_best"] as? Double,
                anchorName: "torch.mm (2 threads)",
                details: common.merging(["median GFLOP/s": format(peak.medianGflops)]) { $1 })
        ]
        for (index, (convolution, timing)) in zip(cases, measured).enumerated() {
            let flops = 3 * 2 * Double(timing.multiplyAdds)
            let torch = index < anchorCases.count ? anchorCases[index] : nil
            var details = common.merging([
                "input": "[\(batch), \(convolution.inputChannels), 2, 16, 16]",
                "weight": "[\(convolution.outputChannels), \(convolution.inputChannels), 2, 5, 5]",
                "GFLOP per repetition": format(flops / 1e9),
                "forward best s": format(timing.forward), "backward best s": format(timing.backward),
                "median s": format(timing.medianTotal),
            ]) { $1 }
            if let torch {
                details["PyTorch forward best s"] = format(torch["forward_best_s"] as? Double ?? .nan)
                details["PyTorch backward best s"] = format(torch["backward_best_s"] as? Double ?? .nan)
                details["PyTorch median s"] = format(torch["total_median_s"] as? Double ?? .nan)
                details["PyTorch"] = "\(anchor?["torch"] ?? "?"), mkldnn \(anchor?["mkldnn"] ?? "?")"
            }
            reports.append(BenchmarkReport(
                name: "conv3d fwd+bwd \(convolution.name) throughput", unit: "GFLOP/s", operando: flops / timing.total / 1e9,
                anchor: peak.gflops, anchorName: "cblas_sgemm 2048³ peak", details: details))
            reports.append(BenchmarkReport(
                name: "conv3d fwd+bwd \(convolution.name) time", unit: "s", operando: timing.total,
                anchor: torch?["total_best_s"] as? Double, anchorName: "PyTorch conv3d (2 threads)", details: details))
        }
        return reports
    }

    /// Best and median GFLOP/s of `C = A·B` for square float32 matrices.
    static func sgemmPeak(size: Int, repetitions: Int) -> (gflops: Double, medianGflops: Double) {
        var rng = SplitMix64(seed: 1)
        let a = Tensor(randomUniform: [size, size], in: -1...1, using: &rng)
        let b = Tensor(randomUniform: [size, size], in: -1...1, using: &rng)
        var times: [Double] = []
        for repetition in 0...repetitions {
            let time = seconds { _ = Tensor.matmul(a, b) }
            if repetition > 0 { times.append(time) }
        }
        let flops = 2 * Double(size) * Double(size) * Double(size)
        return (flops / times.min()! / 1e9, flops / median(times) / 1e9)
    }

    /// Best forward, backward and total seconds of one case, plus the median total.
    static func measure(_ convolution: Case, batch: Int, repetitions: Int)
        -> (forward: Double, backward: Double, total: Double, medianTotal: Double, multiplyAdds: Int)
    {
        var rng = SplitMix64(seed: 7)
        let input = Tensor(randomNormal: [batch, convolution.inputChannels, 2, 16, 16], using: &rng)
        let weight = Tensor(
            randomNormal: [convolution.outputChannels, convolution.inputChannels, 2, 5, 5], standardDeviation: 0.05, using: &rng)
        let bias = Tensor(zeros: [convolution.outputChannels])
        let upstream = Tensor(randomNormal: [batch, convolution.outputChannels, 1, 16, 16], using: &rng)
        let (stride, padding) = ([1, 1, 1], [0, 2, 2])
        var forward: [Double] = [], backward: [Double] = [], total: [Double] = []
        for repetition in 0...repetitions {
            var output = Tensor(zeros: [])
            let forwardTime = seconds { output = Tensor.conv3d(input, weight: weight, bias: bias, stride: stride, padding: padding) }
            let backwardTime = seconds {
                _ = Tensor.conv3dBackward(input: input, weight: weight, outputGradient: upstream, stride: stride, padding: padding)
            }
            precondition(output.shape == upstream.shape, "Conv3DBenchmark: output \(output.shape)")
            if repetition > 0 {
                forward.append(forwardTime)
                backward.append(backwardTime)
                total.append(forwardTime + backwardTime)
            }
        }
        let geometry = ConvolutionGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride, padding: padding)
        return (forward.min()!, backward.min()!, total.min()!, median(total), geometry.forwardMultiplyAdds)
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

    /// Runs `python3 script arguments…` and parses the JSON on its last stdout line; nil on failure.
    static func runAnchor(script: String, arguments: [String]) -> [String: Any]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last
        else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
}
