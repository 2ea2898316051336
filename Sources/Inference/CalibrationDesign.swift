/// How ``Calibration/run(model:bank:design:options:measurement:progress:)`` makes its synthetic stacks.
///
/// Stack `i`: the parameter is drawn uniformly from the bank's prior and the nuisances from the
/// bank design's ranges (seeds distinct from the bank's); the simulated stack then loses its first
/// `0...maximumCrop` frames (unknown time origin), keeps every `stride`-th frame
/// (`stride ∈ frameStride`, a time scale), is cut to `observedFrames` frames and gets Gaussian
/// pixel noise of `pixelNoise`, clipped to [0, 1].
public struct CalibrationDesign: Codable, Sendable, Equatable {
    /// Number of synthetic stacks (one forward run each).
    public var count: Int
    /// Master seed.
    public var seed: UInt64
    /// Largest number of leading frames dropped.
    public var maximumCrop: Int
    /// Frame strides drawn uniformly per stack.
    public var frameStride: ClosedRange<Int>
    /// Frames per stack after crop and stride (nil = as many as every stack can give).
    public var observedFrames: Int?
    /// Pixel noise standard deviation added to the frames.
    public var pixelNoise: Double
    /// Standard deviation in pixels of a Gaussian blur applied before the noise (0 = none).
    public var blur: Double
    /// If set, the inferencer is told the time scale is unknown within this range; otherwise it
    /// is told the true frame interval.
    public var unknownTimeScale: ClosedRange<Double>?
    /// Candidate covariance inflations λ.
    public var inflationGrid: [Double]

    public init(
        count: Int = 40, seed: UInt64 = 90_001, maximumCrop: Int = 0, frameStride: ClosedRange<Int> = 1...1,
        observedFrames: Int? = nil, pixelNoise: Double = 0, blur: Double = 0, unknownTimeScale: ClosedRange<Double>? = nil,
        inflationGrid: [Double] = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6.5, 8, 10, 13, 16, 20, 25, 32]
    ) {
        precondition(count >= 1 && maximumCrop >= 0 && blur >= 0 && frameStride.lowerBound >= 1, "CalibrationDesign: count \(count), crop \(maximumCrop), stride \(frameStride)")
        precondition(!inflationGrid.isEmpty && inflationGrid.allSatisfy { $0 > 0 }, "CalibrationDesign: inflation grid \(inflationGrid)")
        self.count = count
        self.seed = seed
        self.maximumCrop = maximumCrop
        self.frameStride = frameStride
        self.observedFrames = observedFrames
        self.pixelNoise = pixelNoise
        self.blur = blur
        self.unknownTimeScale = unknownTimeScale
        self.inflationGrid = inflationGrid
    }
}
