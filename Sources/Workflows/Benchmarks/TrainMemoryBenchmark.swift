import Autodiff
import Foundation
import NN
import Tensor

/// Resident memory of a training loop over many steps: it must stay flat (goal: within 5 %
/// between step 100 and the last step), which catches leaks and unbounded caches in the engine.
///
/// The model is small but walks every hot path of an E3D-LSTM step: a 2×5×5 gate convolution
/// (8 → 32 channels, bias) on `[4, 8, 2, 16, 16]`, layer norm, fused gates (σ, tanh) split into
/// two halves and multiplied, a 1×5×5 convolution back to 8 channels, MSE + L1 loss, global-norm
/// clipping and Adam. The resident set is read from `/proc/self/statm` (field 2 × page size).
/// The optional anchor is the same model in PyTorch (`Benchmarks/train_memory.py`, 2 threads).
public enum TrainMemoryBenchmark {
    /// A gate convolution, layer norm, fused gates and an output convolution.
    final class GateModel: Layer {
        let gates: Conv3D, norm: LayerNorm, output: Conv3D

        init(using rng: inout SplitMix64) {
            gates = Conv3D(inputChannels: 8, outputChannels: 32, kernelSize: [2, 5, 5], padding: [0, 2, 2], using: &rng)
            norm = LayerNorm(channels: 32)
            output = Conv3D(inputChannels: 16, outputChannels: 8, kernelSize: [1, 5, 5], padding: [0, 2, 2], using: &rng)
        }

        var namedParameters: [(String, Variable)] {
            gates.namedParameters(prefixedBy: "gates") + norm.namedParameters(prefixedBy: "norm")
                + output.namedParameters(prefixedBy: "output")
        }

        /// `[N, 8, 2, H, W]` → `[N, 8, 1, H, W]`.
        func callAsFunction(_ x: Variable) -> Variable {
            let halves = gateActivations(norm(gates(x)), [.sigmoid, .tanh]).split(axis: 1, sizes: [16, 16])
            return output(halves[0] * halves[1])
        }
    }

    /// Trains `steps` Adam steps and reports the resident set at step 100 and at the last step,
    /// optionally against PyTorch's (`python3 <script>` when `script` is non-nil; nil if it fails).
    public static func run(steps: Int = 1000, script: String? = nil) -> [BenchmarkReport] {
        precondition(steps >= 200, "TrainMemoryBenchmark: \(steps) steps (need ≥ 200)")
        var rng = SplitMix64(seed: 3)
        let model = GateModel(using: &rng)
        let input = Variable(Tensor(randomNormal: [4, 8, 2, 16, 16], using: &rng))
        let target = Variable(Tensor(randomUniform: [4, 8, 1, 16, 16], in: -0.5...0.5, using: &rng))
        var adam = Adam(learningRate: 1e-3)
        var samples: [Int: Int] = [:]
        var losses: [Float] = []
        let clock = ContinuousClock()
        let start = clock.now
        for step in 1...steps {
            model.zeroGradients()
            let prediction = model(input)
            let loss = meanSquaredError(prediction, target) + meanAbsoluteError(prediction, target)
            loss.backward()
            _ = clipGradientsByGlobalNorm(model.namedParameters, maximumNorm: 1)
            adam.update(model.namedParameters)
            if step == 1 || step == 100 || step == steps { losses.append(loss.value.scalarValue) }
            if step == 100 || step == steps { samples[step] = residentBytes() }
        }
        let elapsed = clock.now - start
        let early = Double(samples[100]!), late = Double(samples[steps]!)
        let anchor = script.flatMap { PythonAnchor.run(script: $0, arguments: ["--steps", "\(steps)"]) }
        let anchorEarly = anchor?["rss_step100_bytes"] as? Double, anchorLate = anchor?["rss_last_bytes"] as? Double
        let megabyte = 1_048_576.0
        var details = [
            "model": "conv3d 8→32 2×5×5 + layer norm + fused gates + conv3d 16→8 1×5×5, batch 4, 16×16",
            "steps": "\(steps)", "parameters": "\(model.parameterCount)",
            "RSS step 100 MiB": Conv3DBenchmark.format(early / megabyte),
            "RSS last step MiB": Conv3DBenchmark.format(late / megabyte),
            "loss step 1 / 100 / last": losses.map { Conv3DBenchmark.format(Double($0)) }.joined(separator: " / "),
            "seconds": Conv3DBenchmark.format(Conv3DBenchmark.seconds(elapsed)),
        ]
        if let anchorEarly, let anchorLate {
            details["PyTorch RSS step 100 / last MiB"] =
                "\(Conv3DBenchmark.format(anchorEarly / megabyte)) / \(Conv3DBenchmark.format(anchorLate / megabyte))"
        }
        return [
            BenchmarkReport(
                name: "training RSS growth, step 100 → \(steps)", unit: "ratio", operando: late / early,
                anchor: anchorLate.flatMap { late in anchorEarly.map { late / $0 } }, anchorName: "PyTorch (same model)",
                details: details)
        ]
    }

    /// Resident set size in bytes, from `/proc/self/statm` (0 where it does not exist).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
