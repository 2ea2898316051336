import Foundation
import Preprocessing
import Tensor

/// Speed of the per-frame denoisers (non-local means, total variation) against scikit-image on
/// the same synthetic microscope stack, in the same invocation.
///
/// The stack: `SyntheticDendrite` frames (64², `frames` of them) rendered by `MicroscopeRenderer`
/// (seed 1) at ×(size/64), scaled by 1/500 to about [0, 1]. NLM: patch 7, distance 11,
/// h = 0.032, σ = 0.04 (≈ 0.8 σ̂ and σ̂); TV: weight 0.1, eps 2e-4, ≤ 200 iterations. Operando
/// runs frames in parallel on all cores; scikit-image runs them one after another (it has no
/// frame parallelism). Outputs are compared: the details report max |Δ| against scikit-image.
public enum DenoiseBenchmark {
    /// Runs both denoisers and the Python anchor (`python3 <script>`); the anchor is skipped
    /// (anchor = nil) if Python or scikit-image is missing.
    public static func run(frames: Int = 100, size: Int = 256, script: String = "Benchmarks/preprocessing_denoise.py") throws -> [BenchmarkReport] {
        precondition(frames >= 1 && size >= 64 && size % 64 == 0, "DenoiseBenchmark: \(frames) frames of \(size)²")
        let clean = SyntheticDendrite.frames(count: frames, size: 64)
        let counts = MicroscopeRenderer(upsampling: size / 64, seed: 1).render(clean)
        let stack = Tensor(shape: counts.shape, scalars: counts.scalars.map { $0 / 500 })
        let (h, sigma, weight) = (0.032, 0.04, 0.1)

        let clock = ContinuousClock()
        var nlm = Denoising.nonLocalMeans(stack, patchSize: 7, searchDistance: 11, strength: h, noise: sigma).frames
        let nlmTime = clock.measure { nlm = Denoising.nonLocalMeans(stack, patchSize: 7, searchDistance: 11, strength: h, noise: sigma).frames }
        var tv = Denoising.totalVariation(stack, weight: weight)
        let tvTime = clock.measure { tv = Denoising.totalVariation(stack, weight: weight) }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("operando-bench-denoise-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("stack.bin")
        try float32Data(stack.scalars).write(to: input)
        let anchor = PythonAnchor.run(script: script, arguments: [
            input.path, "\(frames)", "\(size)", "\(size)", "\(h)", "\(sigma)", "\(weight)", directory.path,
        ])
        var details = [
            "frames": "\(frames)", "size": "\(size)x\(size)", "threads": "\(ProcessInfo.processInfo.activeProcessorCount) (frames in parallel)",
            "anchor threads": "1 (scikit-image, frame by frame)",
        ]
        if let versions = anchor?["versions"] as? [String: String] {
            details["anchor versions"] = versions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        var nlmDetails = details.merging(["params": "patch 7, distance 11, h \(h), sigma \(sigma)"]) { $1 }
        var tvDetails = details.merging([
            "params": "weight \(weight), eps 2e-4, max 200 iterations",
            "iterations": "\(tv.iterations.min() ?? 0)…\(tv.iterations.max() ?? 0)",
        ]) { $1 }
        if anchor != nil {
            nlmDetails["max |Δ| vs anchor"] = maxDifference(nlm.scalars, directory.appendingPathComponent("nlm.bin"))
            tvDetails["max |Δ| vs anchor"] = maxDifference(tv.frames.scalars, directory.appendingPathComponent("tv.bin"))
        }
        return [
            BenchmarkReport(
                name: "non-local means \(frames)×\(size)²", unit: "s", operando: seconds(nlmTime),
                anchor: anchor?["nlm_seconds"] as? Double, anchorName: "skimage denoise_nl_means", details: nlmDetails),
            BenchmarkReport(
                name: "TV Chambolle \(frames)×\(size)²", unit: "s", operando: seconds(tvTime),
                anchor: anchor?["tv_seconds"] as? Double, anchorName: "skimage denoise_tv_chambolle", details: tvDetails),
        ]
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    static func float32Data(_ values: [Float]) -> Data {
        var data = Data(capacity: values.count * 4)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func maxDifference(_ ours: [Float], _ url: URL) -> String {
        guard let data = try? Data(contentsOf: url), data.count == ours.count * 4 else { return "unreadable" }
        let theirs = data.withUnsafeBytes { raw in
            (0..<ours.count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        let difference = zip(ours, theirs).map { abs($0 - $1) }.max() ?? 0
        return String(format: "%.2e", difference)
    }
}
