import Foundation
import ImageFiles
import PhaseField
import Preprocessing
import Tensor
import TestSupport
import Testing
@testable import Workflows

struct SyntheticStackTests {
    /// A small dendrite: 32² grid → 16² frames, few steps per frame, so the test stays fast.
    static func smallExperiment(skipped: Int) -> SyntheticDendriteStack {
        var parameters = DendriteParameters(latentHeat: 1.6, orientation: 0.2)
        parameters.gridSize = 32
        parameters.outputSize = 16
        parameters.stepsPerFrame = 20
        parameters.nucleus = DendriteNucleus(shape: .ellipse, radiusX: 0.15, radiusY: 0.12, offsetX: 0.05, offsetY: -0.05)
        return SyntheticDendriteStack(
            parameters: parameters, frames: 5, skippedFrames: skipped, seed: 3, renderer: MicroscopeRenderer(upsampling: 2, seed: 9),
            pixelSizeMicrometres: 0.3, frameIntervalSeconds: 2)
    }

    @Test func writesACalibrated16BitTIFFOfTheLaterFrames() throws {
        let folder = try TemporaryDirectory()
        let experiment = Self.smallExperiment(skipped: 3)
        let url = folder.path("late.tif")
        try experiment.write(to: url)
        let stack = try TIFFReader.read(path: url.path)
        let frames = stack.floatFrames()
        #expect(frames.shape == [5, 32, 32] && stack.dtype == .uint16)
        #expect(abs((stack.calibration.pixelSize ?? 0) - 0.3) < 1e-6 && stack.calibration.frameInterval == 2)
        #expect(!FileManager.default.fileExists(atPath: url.appendingPathExtension("partial").path))

        // Independent reference: simulate 8 frames directly, drop 3, render with the same renderer.
        var parameters = experiment.parameters
        parameters.frameCount = 8
        let clean = try DendriteSimulator(parameters).run(seed: 3).frames
        let expected = experiment.renderer.render(clean.slice(axis: 0, range: 3..<8))
        #expect(frames.scalars == expected.scalars)
        #expect(frames.scalars.allSatisfy { $0 >= 0 && $0 <= 65_535 && $0 == $0.rounded() })
    }

    @Test func anExistingFileIsKept() throws {
        let folder = try TemporaryDirectory()
        let url = folder.path("kept.tif")
        try Data("not a tiff".utf8).write(to: url)
        try Self.smallExperiment(skipped: 0).write(to: url)
        #expect(try Data(contentsOf: url) == Data("not a tiff".utf8))
    }

    @Test func accuracyStacksAreReproducibleAndSpanThePrior() {
        let options = InferenceAccuracyBenchmark.Options(stacks: 200, seed: 5)
        let ks = (0..<200).map { InferenceAccuracyBenchmark.experiment(index: $0, options: options).k }
        #expect(ks == (0..<200).map { InferenceAccuracyBenchmark.experiment(index: $0, options: options).k })
        #expect(ks.allSatisfy { options.prior.contains($0) })
        // Uniform on [0.8, 2.4]: about half outside the training range 1.2–2.0 (binomial sd 3.5 %).
        let outside = Double(ks.filter { $0 < 1.2 || $0 > 2.0 }.count) / 200
        #expect(abs(outside - 0.5) < 0.12)
        let first = InferenceAccuracyBenchmark.experiment(index: 0, options: options).0
        #expect((0...4).contains(first.skippedFrames) && first.frames == InferenceAccuracyBenchmark.frames)
    }

    @Test func quantilesInterpolateLinearly() {
        #expect(InferenceAccuracyBenchmark.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(InferenceAccuracyBenchmark.quantile([0, 10], 0.9) == 9)
        #expect(InferenceAccuracyBenchmark.quantile([7], 0.9) == 7)
    }
}
