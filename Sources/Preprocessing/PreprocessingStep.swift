/// One operation of a preprocessing `Recipe`, with typed parameters.
///
/// Frames are `[T, H, W]` Float32 stacks; every spatial step works on each frame independently
/// (2-D), temporal steps look across frames. The flat text form of each case (`kind` and
/// `key = value` parameters) is defined in `PreprocessingStep+Parameters.swift` and is what the
/// CLI spec, the TOML recipe file, `Codable` and `Recipe.canonicalDescription` use.
public enum PreprocessingStep: Sendable, Equatable {
    /// Region of interest: keep columns `x ..< x + width` and rows `y ..< y + height`.
    /// The pixel size is unchanged. Text: `crop` with `x`, `y`, `width`, `height`.
    case crop(x: Int, y: Int, width: Int, height: Int)
    /// Resample every frame to `height × width`; the pixel size is multiplied by the old/new ratio.
    /// Aspect ratio must be kept within 1 % so pixels stay square. Text: `resize`.
    case resize(width: Int, height: Int, method: ResizeMethod)
    /// Gaussian blur with standard deviation `sigma` px, kernel truncated at 4σ, edge-replicated
    /// borders (scikit-image `filters.gaussian`, mode `nearest`). Text: `gaussian`.
    case gaussian(sigma: Double)
    /// Median over a `(2·radius + 1)²` square, edge-replicated borders. Text: `median`.
    case median(radius: Int)
    /// Non-local means (fast, shift-major algorithm of Darbon et al. 2008 as in scikit-image),
    /// per frame. `strength = nil` means `h = 0.8 σ̂` and `noise = nil` means `σ = σ̂`, with σ̂ the
    /// frame's noise estimate (Immerkær 1996). Text: `nlm`.
    case nonLocalMeans(patchSize: Int, searchDistance: Int, strength: Double?, noise: Double?)
    /// Total-variation denoising, Chambolle's (2004) projection algorithm, per frame.
    /// Text: `tv` with `weight`, `eps`, `iterations`.
    case totalVariation(weight: Double, tolerance: Double, maxIterations: Int)
    /// Replace isolated outliers: pixels farther than `threshold` robust σ from the median of
    /// their 3 × 3 neighbourhood take that median. Text: `hotpixels`.
    case hotPixels(threshold: Double)
    /// Keep frames `start ..< end` (nil = to the end) every `step`; the frame interval is
    /// multiplied by `step`. Text: `frames`.
    case frames(start: Int, end: Int?, step: Int)
    /// Per-frame intensity normalisation: percentile `low` → 0, percentile `high` → 1 (no clipping).
    /// Text: `normalize`.
    case normalize(low: Double, high: Double)
    /// Intensity drift correction by percentile matching to frame `reference`. Text: `drift`.
    case drift(reference: Int, method: DriftMethod)
    /// Flat-field (vignetting) correction: divide every frame by the Gaussian-blurred (σ =
    /// `sigma` px) temporal median of the stack, rescaled to mean 1. Text: `flatfield`.
    case flatField(sigma: Double)
    /// Threshold segmentation with optional morphological clean-up. Text: `segment`.
    case segment(Segmentation)
    /// Conversion to the simulator convention: solid = 1, liquid = 0, values in [0, 1].
    /// Text: `convert` with `polarity` and `range`.
    case convert(polarity: Polarity, range: IntensityRange)
}

/// Interpolation used by `PreprocessingStep.resize`.
public enum ResizeMethod: String, Sendable, CaseIterable, Codable {
    /// Per axis: area averaging when shrinking, bilinear when enlarging.
    case auto
    /// Area averaging (each output pixel is the overlap-weighted mean of the input pixels it
    /// covers); equals scikit-image `downscale_local_mean` for integer factors.
    case area
    /// Bilinear, half-pixel-centred (`x_in = (x_out + ½)·in/out − ½`), edges replicated.
    case bilinear
    /// Bicubic convolution (Keys 1981, a = −½), half-pixel-centred, edges replicated.
    case bicubic
    /// Nearest neighbour (for label images).
    case nearest
}

/// How `PreprocessingStep.drift` matches a frame to the reference frame.
public enum DriftMethod: Sendable, Equatable {
    /// Multiplicative gain: `I′ = I · P_ref(p) / P_t(p)`. Suits illumination or exposure drift.
    case gain(percentile: Double)
    /// Gain and offset mapping percentile `low` and `high` of the frame onto the reference's.
    case linear(low: Double, high: Double)
    /// Multiplicative gain of the background (liquid) level `b_t`: `I′ = I · b_ref / b_t`.
    /// `b_ref` is the median of the reference frame's pixels within `band` px of the edge (the
    /// crystal grows inside the field of view); each next frame's level is followed from its
    /// neighbour's as the median of the pixels within a relative `window` of it, on the side away
    /// from the other phase (`Intensity.backgroundLevels`). Drift is slow and the phases differ by
    /// more than `window`, so the level stays on the liquid while the crystal covers most of the
    /// frame and its border (a whole-frame or border percentile follows the crystal then); when
    /// the liquid is gone the last level is kept.
    case backgroundGain(band: Int, window: Double)
}

/// Which intensity side is solid, for `PreprocessingStep.convert`.
public enum Polarity: String, Sendable, CaseIterable, Codable {
    /// Decide from the data: the class that covers most of the image border over the stack is
    /// liquid (0). The decision is written to the step log.
    case auto
    /// Bright is solid.
    case keep
    /// Dark is solid: the output is `1 − mapped`.
    case invert
}

/// The intensity window that `PreprocessingStep.convert` maps linearly onto [0, 1] (then clamps;
/// the clipped fraction is logged).
public enum IntensityRange: Sendable, Equatable {
    /// The pure-phase intensities of the two Otsu classes of the whole stack map to 0 and 1: the
    /// majority class's histogram peak and the minority class's far-end 2nd percentile (robust to
    /// the many partial pixels of thin arms; see `SimulatorConvention`).
    case otsuClasses
    /// Stack-wide percentiles `low` → 0 and `high` → 1.
    case percentiles(low: Double, high: Double)
    /// Fixed intensities `low` → 0 and `high` → 1.
    case fixed(low: Double, high: Double)
    /// The data are already in [0, 1]; values outside are clamped (and counted in the log).
    case unit
}

/// Parameters of `PreprocessingStep.segment`.
public struct Segmentation: Sendable, Equatable {
    /// How the threshold is chosen.
    public enum Method: Sendable, Equatable {
        /// Otsu (1979) on a 256-bin histogram of the stack.
        case otsu
        /// Multi-Otsu with `classes` classes; pixels above the highest threshold are solid.
        case multiOtsu(classes: Int)
        /// A fixed intensity.
        case fixed(Double)
    }

    /// Binary mask or soft field.
    public enum Output: String, Sendable, CaseIterable, Codable {
        /// `x > t` → 1, else 0.
        case binary
        /// `clamp((x − m₀) / (m₁ − m₀), 0, 1)` with m₀, m₁ the medians of the classes below and
        /// above the threshold: a grey-level field in [0, 1] that keeps sub-pixel edges.
        case soft
    }

    public var method: Method
    public var output: Output
    /// Binary opening (erosion then dilation) with a disc of this radius; 0 = none.
    public var openingRadius: Int
    /// Binary closing (dilation then erosion) with a disc of this radius; 0 = none.
    public var closingRadius: Int
    /// Remove 8-connected foreground components with fewer pixels than this; 0 = none.
    public var minimumSize: Int

    public init(
        method: Method = .otsu, output: Output = .binary, openingRadius: Int = 0,
        closingRadius: Int = 0, minimumSize: Int = 0
    ) {
        self.method = method
        self.output = output
        self.openingRadius = openingRadius
        self.closingRadius = closingRadius
        self.minimumSize = minimumSize
    }
}
