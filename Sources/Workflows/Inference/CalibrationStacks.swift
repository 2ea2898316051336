public import Inference
import Preprocessing
import Tensor

/// What the stacks of `operando calibrate` look like. Intervals are only as honest as the
/// calibration stacks are like the real ones: clean full-length simulations (the default) miss
/// the camera, the preprocessing and the late start that real stacks have.
public struct CalibrationStacks: Sendable, Equatable {
    /// Film each stack with the default `MicroscopeRenderer` (×4 upsampling, blur, shot and read
    /// noise, drift, hot pixels, 16 bits; its own seed) and preprocess it with
    /// `Recipe.defaultMicroscopy`, as `operando demo` and `operando bench infer` stacks are.
    public var microscope: Bool
    /// Frames each stack keeps after a late start of 0…4 frames (nil: the whole simulation, from
    /// frame 0).
    public var frames: Int?
    /// Whether `infer` will be given `--time-unit`; if not, calibration marginalises the time
    /// scale as `infer` does.
    public var timeScaleKnown: Bool

    public init(microscope: Bool = false, frames: Int? = nil, timeScaleKnown: Bool = true) {
        self.microscope = microscope
        self.frames = frames
        self.timeScaleKnown = timeScaleKnown
    }

    /// Stacks like the ones `operando bench infer` and `operando demo` make.
    public static func filmed(frames: Int, timeScaleKnown: Bool) -> Self {
        Self(microscope: true, frames: frames, timeScaleKnown: timeScaleKnown)
    }

    func design(count: Int) -> CalibrationDesign {
        CalibrationDesign(
            count: count, maximumCrop: frames == nil ? 0 : 4, observedFrames: frames,
            unknownTimeScale: timeScaleKnown ? nil : ObservationTiming.unknownScale.scaleRange)
    }

    /// Part of the calibration artifact's identity.
    var label: String { "\(microscope ? "microscope" : "clean"):\(frames.map(String.init) ?? "all"):\(timeScaleKnown ? "scale-known" : "scale-unknown")" }

    /// The microscope + preprocessing, when asked for.
    var measurement: (@Sendable (Tensor, inout SplitMix64) throws -> Tensor)? {
        guard microscope else { return nil }
        return { frames, generator in
            var renderer = MicroscopeRenderer()
            renderer.seed = generator.next()
            let counts = renderer.render(frames)
            let calibration = Preprocessing.Calibration(pixelSize: 1, frameInterval: 1)
            return try Pipeline.apply(Recipe.defaultMicroscopy, to: counts, calibration: calibration).frames
        }
    }
}

extension ObservationTiming {
    /// The scale range of an `.unknown` timing.
    var scaleRange: ClosedRange<Double>? {
        if case .unknown(let range) = self { return range }
        return nil
    }
}
