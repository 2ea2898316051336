public import Tensor

/// Applies a `Recipe` to a `[T, H, W]` Float32 stack.
///
/// The whole recipe is checked first (`plan`): parameters, shapes step by step, and memory, so
/// an invalid recipe throws before any pixel is processed. Then the steps run in order; spatial
/// steps process frames in parallel.
public enum Pipeline {
    /// Version of the steps' algorithms, part of a preprocessed stack's identity in a project so
    /// a stored result is not reused after an algorithm changes. Bump it with any change to what
    /// a step computes. (2: drift correction `background` method, session 2.)
    public static let algorithmVersion = 2

    /// Default memory limit for one intermediate stack and its workspace (8 GiB).
    public static let defaultMemoryLimit = 8 << 30

    /// The shape after each step for an input of shape `inputShape`, checking everything that
    /// can be checked without the data.
    /// - Throws: `PreprocessingError` naming the first failing step.
    public static func plan(_ recipe: Recipe, inputShape: [Int], memoryLimit: Int = defaultMemoryLimit) throws -> [[Int]] {
        guard inputShape.count == 3, inputShape.allSatisfy({ $0 >= 1 }) else {
            throw PreprocessingError.invalidInput(shape: inputShape, problem: "not a non-empty [T, H, W] stack")
        }
        try recipe.validate()
        var shape = inputShape
        var shapes: [[Int]] = []
        for (index, step) in recipe.steps.enumerated() {
            let kind = step.kind
            func incompatible(_ problem: String) -> PreprocessingError {
                .incompatibleShape(index: index, kind: kind, shape: shape, problem: problem)
            }
            let (frames, height, width) = (shape[0], shape[1], shape[2])
            switch step {
            case let .crop(x, y, cropWidth, cropHeight):
                guard x + cropWidth <= width, y + cropHeight <= height else {
                    throw incompatible("region x \(x)…\(x + cropWidth - 1), y \(y)…\(y + cropHeight - 1) is outside the \(width) × \(height) frame")
                }
                shape = [frames, cropHeight, cropWidth]
            case let .resize(newWidth, newHeight, _):
                let ratio = (Double(width) / Double(newWidth)) / (Double(height) / Double(newHeight))
                guard abs(ratio - 1) <= 0.01 else {
                    throw incompatible("\(width) × \(height) → \(newWidth) × \(newHeight) changes the aspect ratio by \(Int(abs(ratio - 1) * 100)) %, pixels would not stay square; crop first")
                }
                shape = [frames, newHeight, newWidth]
            case let .frames(start, end, step):
                guard start < frames else { throw incompatible("start \(start) is past the last frame \(frames - 1)") }
                let stop = min(end ?? frames, frames)
                shape = [(stop - start + step - 1) / step, height, width]
            case let .drift(reference, _):
                guard reference < frames else { throw incompatible("reference frame \(reference) does not exist (\(frames) frames)") }
            case .hotPixels, .nonLocalMeans:
                guard height >= 3, width >= 3 else { throw incompatible("frames must be at least 3 × 3") }
            case .gaussian, .median, .totalVariation, .normalize, .flatField, .segment, .convert:
                break
            }
            let bytes = 3 * 4 * shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
            guard bytes <= memoryLimit, bytes >= 0 else {
                throw PreprocessingError.exceedsMemory(index: index, kind: kind, shape: shape, bytes: bytes, limit: memoryLimit)
            }
            shapes.append(shape)
        }
        return shapes
    }

    /// Runs `recipe` on `stack` (`[T, H, W]` Float32).
    /// - Returns: the processed frames, the updated calibration (pixel size scaled by resizing,
    ///   frame interval by frame subsampling) and one `StepLog` per step.
    /// - Throws: `PreprocessingError` before any work if the recipe does not fit the input, or
    ///   `.invalidInput` if the stack holds NaN or infinity.
    public static func apply(
        _ recipe: Recipe, to stack: Tensor, calibration: Calibration, memoryLimit: Int = defaultMemoryLimit
    ) throws -> PreprocessingResult {
        let shapes = try plan(recipe, inputShape: stack.shape, memoryLimit: memoryLimit)
        if let bad = stack.scalars.firstIndex(where: { !$0.isFinite }) {
            throw PreprocessingError.invalidInput(shape: stack.shape, problem: "element \(bad) is \(stack.scalars[bad])")
        }
        var frames = stack
        var calibration = calibration
        var log: [StepLog] = []
        for (index, step) in recipe.steps.enumerated() {
            let inputShape = frames.shape
            var notes: [String: String] = [:]
            switch step {
            case let .crop(x, y, width, height):
                frames = Resampling.crop(frames, x: x, y: y, width: width, height: height)
            case let .resize(width, height, method):
                calibration.pixelSize *= Double(inputShape[2]) / Double(width)
                frames = Resampling.resize(frames, height: height, width: width, method: method)
            case let .gaussian(sigma):
                frames = Filters.gaussian(frames, sigma: sigma)
            case let .median(radius):
                frames = Filters.median(frames, radius: radius)
            case let .nonLocalMeans(patch, distance, strength, noise):
                let result = Denoising.nonLocalMeans(frames, patchSize: patch, searchDistance: distance, strength: strength, noise: noise)
                frames = result.frames
                notes["noise"] = "estimated σ per frame: " + summary(result.estimatedNoise)
            case let .totalVariation(weight, tolerance, iterations):
                let result = Denoising.totalVariation(frames, weight: weight, tolerance: tolerance, maxIterations: iterations)
                frames = result.frames
                notes["iterations"] = summary(result.iterations.map(Double.init))
            case let .hotPixels(threshold):
                let result = Filters.removeHotPixels(frames, threshold: threshold)
                frames = result.frames
                notes["replaced"] = "\(result.replaced.reduce(0, +)) pixels; per frame " + summary(result.replaced.map(Double.init))
            case let .frames(start, end, step):
                let stop = min(end ?? inputShape[0], inputShape[0])
                let kept = Array(stride(from: start, to: stop, by: step))
                frames = Tensor(shape: [kept.count, inputShape[1], inputShape[2]], scalars: kept.flatMap { frames.frameScalars($0) })
                calibration.frameInterval *= Double(step)
                notes["frames"] = "kept \(kept.count) of \(inputShape[0]): \(start)..<\(stop) step \(step)"
            case let .normalize(low, high):
                let result = Intensity.normalize(frames, low: low, high: high)
                frames = result.frames
                notes["levels"] = "P_low " + summary(result.levels.map(\.0)) + "; P_high " + summary(result.levels.map(\.1))
            case let .drift(reference, method):
                let result = Intensity.correctDrift(frames, reference: reference, method: method)
                frames = result.frames
                notes["scale"] = summary(result.maps.map(\.scale))
                if case .linear = method { notes["offset"] = summary(result.maps.map(\.offset)) }
            case let .flatField(sigma):
                guard let corrected = Intensity.flatField(frames, sigma: sigma) else {
                    throw PreprocessingError.invalidInput(
                        shape: inputShape, problem: "step \(index + 1) (flatfield): the smoothed median frame is not positive everywhere; subtract the dark level first")
                }
                frames = corrected
            case let .segment(segmentation):
                let result = Segmenter.segment(frames, segmentation)
                frames = result.frames
                notes = result.notes
            case let .convert(polarity, range):
                let result = SimulatorConvention.convert(frames, polarity: polarity, range: range)
                frames = result.frames
                notes = result.notes
            }
            precondition(frames.shape == shapes[index], "Pipeline: step \(index) gave \(frames.shape), planned \(shapes[index])")
            log.append(
                StepLog(
                    index: index, step: step.canonicalDescription, inputShape: inputShape, outputShape: frames.shape,
                    calibration: calibration, notes: notes))
        }
        return PreprocessingResult(frames: frames, calibration: calibration, log: log)
    }

    /// `min … max (mean m)` of a per-frame series, four significant digits.
    static func summary(_ values: [Double]) -> String {
        guard let low = values.min(), let high = values.max() else { return "none" }
        let mean = values.reduce(0, +) / Double(values.count)
        let f = SimulatorConvention.format
        return low == high ? f(low) : "\(f(low)) … \(f(high)) (mean \(f(mean)))"
    }
}
