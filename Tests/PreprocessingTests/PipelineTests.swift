import Tensor
import Testing
@testable import Preprocessing

struct PipelineTests {
    let calibration = Calibration(pixelSize: 0.5, frameInterval: 3)

    func ramp(_ frames: Int, _ height: Int, _ width: Int) -> Tensor {
        Tensor(shape: [frames, height, width], scalars: (0..<(frames * height * width)).map { Float($0 % 97) / 97 })
    }

    @Test func calibrationFollowsResizeCropAndFrameSubsampling() throws {
        let recipe = try Recipe(specs: ["crop=40x40+2+4", "resize=20x20", "frames=1..9/2"])
        let result = try Pipeline.apply(recipe, to: ramp(10, 48, 50), calibration: calibration)
        #expect(result.frames.shape == [4, 20, 20])
        #expect(result.calibration.pixelSize == 1.0)
        #expect(result.calibration.frameInterval == 6)
        #expect(result.log.map(\.outputShape) == [[10, 40, 40], [10, 20, 20], [4, 20, 20]])
        // Frames 1, 3, 5, 7 of the cropped, resized stack, in order.
        let direct = Resampling.resize(Resampling.crop(ramp(10, 48, 50), x: 2, y: 4, width: 40, height: 40), height: 20, width: 20, method: .area)
        #expect(Array(result.frames.scalars[400..<800]) == Array(direct.scalars[(3 * 400)..<(4 * 400)]))
    }

    @Test func invalidRecipeIsRejectedBeforeAnyWork() throws {
        let stack = ramp(5, 16, 16)
        #expect(throws: PreprocessingError.incompatibleShape(
            index: 1, kind: "crop", shape: [5, 8, 8], problem: "region x 0…9, y 0…9 is outside the 8 × 8 frame")) {
            try Pipeline.apply(Recipe([.resize(width: 8, height: 8, method: .area), .crop(x: 0, y: 0, width: 10, height: 10)]), to: stack, calibration: calibration)
        }
        #expect(throws: PreprocessingError.self) {
            try Pipeline.apply(Recipe([.drift(reference: 7, method: .gain(percentile: 50))]), to: stack, calibration: calibration)
        }
        #expect(throws: PreprocessingError.self) {
            try Pipeline.apply(Recipe([.resize(width: 16, height: 8, method: .area)]), to: stack, calibration: calibration)
        }
        do {
            _ = try Pipeline.apply(Recipe([.gaussian(sigma: 1), .resize(width: 200_000, height: 200_000, method: .bilinear)]), to: stack, calibration: calibration)
            Issue.record("huge resize accepted")
        } catch let PreprocessingError.exceedsMemory(index, kind, _, _, _) {
            #expect(index == 1 && kind == "resize")
        }
        // A typed step with a bad parameter is caught by validation too.
        #expect(throws: PreprocessingError.self) {
            try Pipeline.apply(Recipe([.median(radius: 0)]), to: stack, calibration: calibration)
        }
        #expect(throws: PreprocessingError.self) {
            try Pipeline.apply(Recipe([]), to: Tensor(zeros: [4, 4]), calibration: calibration)
        }
        var withNaN = stack
        withNaN.scalars[3] = .nan
        #expect(throws: PreprocessingError.self) { try Pipeline.apply(Recipe([]), to: withNaN, calibration: calibration) }
    }

    @Test func driftCorrectionUndoesAKnownGain() throws {
        let base = ramp(1, 32, 32).scalars.map { $0 + 1 }
        let gains: [Float] = [1, 0.9, 1.2, 0.8]
        let stack = Tensor(shape: [4, 32, 32], scalars: gains.flatMap { g in base.map { $0 * g } })
        let result = try Pipeline.apply(Recipe([.drift(reference: 0, method: .gain(percentile: 50))]), to: stack, calibration: calibration)
        for t in 0..<4 {
            for i in 0..<base.count { #expect(abs(result.frames.scalars[t * base.count + i] - base[i]) < 1e-5) }
        }
        let linear = Tensor(shape: [2, 32, 32], scalars: base + base.map { 0.7 * $0 + 0.3 })
        let fixed = try Pipeline.apply(Recipe([.drift(reference: 0, method: .linear(low: 5, high: 95))]), to: linear, calibration: calibration)
        #expect(zip(fixed.frames.scalars[1024...], base).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// A dark crystal (level 150) grows from the centre over a bright liquid (400) until only the
    /// corners are liquid, then fills the frame, under a known illumination loss. The background
    /// gain recovers every frame with liquid exactly and holds the last gain once it is gone; the
    /// whole-frame median gain is fooled once the crystal passes half the frame.
    @Test func backgroundGainIgnoresAGrowingCrystal() throws {
        let (side, frames) = (40, 6)
        let radii: [Double] = [3, 9, 15, 19, 22, 40]
        let gains: [Float] = [1, 0.95, 0.9, 0.85, 0.8, 0.8]
        var clean: [Float] = []
        for t in 0..<frames {
            for r in 0..<side {
                for c in 0..<side {
                    let (y, x) = (Double(r) - 19.5, Double(c) - 19.5)
                    clean.append((x * x + y * y).squareRoot() < radii[t] ? 150 : 400)
                }
            }
        }
        let observed = Tensor(shape: [frames, side, side], scalars: clean.enumerated().map { $0.element * gains[$0.offset / (side * side)] })
        let border = try Pipeline.apply(Recipe([.drift(reference: 0, method: .backgroundGain(band: 2, window: 0.3))]), to: observed, calibration: calibration)
        #expect(zip(border.frames.scalars, clean).allSatisfy { abs($0 - $1) < 1e-3 })
        #expect(clean.suffix(side * side).allSatisfy { $0 == 150 }, "the last frame is all crystal")
        let median = try Pipeline.apply(Recipe([.drift(reference: 0, method: .gain(percentile: 50))]), to: observed, calibration: calibration)
        let cornersOnly = (frames - 2) * side * side
        #expect(abs(median.frames.scalars[cornersOnly] - 400) > 100, "the whole-frame median tracks the crystal")
        #expect(clean[cornersOnly..<(cornersOnly + side * side)].filter { $0 == 400 }.count > 100, "some liquid is left in the corners")
        #expect(throws: PreprocessingError.self) { try Recipe([.drift(reference: 0, method: .backgroundGain(band: 0, window: 0.3))]).validate() }
        #expect(throws: PreprocessingError.self) { try Recipe([.drift(reference: 0, method: .backgroundGain(band: 4, window: 1.5))]).validate() }
    }

    @Test func normalizeMapsPercentilesToZeroAndOne() throws {
        let stack = ramp(3, 20, 20)
        let result = try Pipeline.apply(Recipe([.normalize(low: 0, high: 100)]), to: stack, calibration: calibration)
        for t in 0..<3 {
            let frame = Array(result.frames.scalars[(t * 400)..<((t + 1) * 400)])
            #expect(abs((frame.min() ?? 1) - 0) < 1e-6 && abs((frame.max() ?? 0) - 1) < 1e-6)
        }
    }

    @Test func flatFieldRemovesVignetting() throws {
        // A uniform scene under a smooth vignette: after correction the frames are flat.
        let (height, width) = (48, 48)
        let vignette = (0..<(height * width)).map { i -> Float in
            let (y, x) = (Float(i / width) - 23.5, Float(i % width) - 23.5)
            return 1 - 0.3 * (x * x + y * y) / (2 * 23.5 * 23.5)
        }
        let stack = Tensor(shape: [3, height, width], scalars: (0..<3).flatMap { _ in vignette.map { 500 * $0 } })
        let result = try Pipeline.apply(Recipe([.flatField(sigma: 1)]), to: stack, calibration: calibration)
        // The 30 % fall-off drops below 2 % overall; the residual is the blur's bias at the
        // replicated borders, so the interior (4 px in) is flat to 0.5 %.
        func spread(_ values: [Float]) -> Float { ((values.max() ?? 0) - (values.min() ?? 0)) / (values.max() ?? 1) }
        #expect(spread(result.frames.scalars) < 0.02)
        let interior = (0..<(3 * height * width)).filter { i in
            let (r, c) = ((i / width) % height, i % width)
            return r >= 4 && r < height - 4 && c >= 4 && c < width - 4
        }
        #expect(spread(interior.map { result.frames.scalars[$0] }) < 0.005)
    }

    @Test func convertInvertsDarkSolidAndLogsTheDecision() throws {
        // Dark disc (solid) on a bright background: auto polarity must invert.
        let (height, width) = (32, 32)
        let disc = (0..<(height * width)).map { i -> Float in
            let (y, x) = (Float(i / width) - 15.5, Float(i % width) - 15.5)
            return x * x + y * y < 64 ? 100 : 300
        }
        let stack = Tensor(shape: [1, height, width], scalars: disc)
        let result = try Pipeline.apply(Recipe([.convert(polarity: .auto, range: .otsuClasses)]), to: stack, calibration: calibration)
        #expect(zip(result.frames.scalars, disc).allSatisfy { $0 == ($1 == 100 ? 1 : 0) })
        let note = try #require(result.log.first?.notes["polarity"])
        #expect(note.hasPrefix("auto → invert"))
        let kept = try Pipeline.apply(Recipe([.convert(polarity: .keep, range: .fixed(low: 100, high: 300))]), to: stack, calibration: calibration)
        #expect(zip(kept.frames.scalars, disc).allSatisfy { $0 == ($1 == 100 ? 0 : 1) })
    }

    @Test func segmentationWithCleanupRemovesSpecks() throws {
        var mask = [Float](repeating: 0, count: 30 * 30)
        for r in 8..<20 { for c in 8..<20 { mask[r * 30 + c] = 1 } }
        mask[2 * 30 + 25] = 1  // isolated speck
        let stack = Tensor(shape: [1, 30, 30], scalars: mask)
        let result = try Pipeline.apply(try Recipe(specs: ["segment=otsu:minsize=4"]), to: stack, calibration: calibration)
        #expect(result.frames.scalars[2 * 30 + 25] == 0)
        #expect(result.frames.scalars.reduce(0, +) == 144)
        let opened = try Pipeline.apply(try Recipe(specs: ["segment=threshold:value=0.5:opening=1"]), to: stack, calibration: calibration)
        #expect(opened.frames.scalars[2 * 30 + 25] == 0)
    }
}
