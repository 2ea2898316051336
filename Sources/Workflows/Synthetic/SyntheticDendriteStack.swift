public import Foundation
import ImageFiles
public import PhaseField
public import Preprocessing
import Tensor

/// A dendrite with known parameters filmed by a simulated microscope: the experiment behind the
/// demo and the inference accuracy benchmark.
///
/// The Kobayashi simulation (`parameters`, `seed`) runs for `skippedFrames + frames` frames; the
/// first `skippedFrames` are dropped (the camera starts late, so the time origin is unknown), the
/// rest are rendered by `renderer` (×4 upsampling, blur, shot and read noise, drift, hot pixels,
/// 16-bit counts) and written as an ImageJ TIFF carrying `pixelSizeMicrometres` and
/// `frameIntervalSeconds`.
public struct SyntheticDendriteStack: Sendable {
    public var parameters: DendriteParameters
    public var frames: Int
    public var skippedFrames: Int
    public var seed: UInt64
    public var renderer: MicroscopeRenderer
    public var pixelSizeMicrometres: Double
    public var frameIntervalSeconds: Double

    public init(
        parameters: DendriteParameters, frames: Int, skippedFrames: Int = 0, seed: UInt64, renderer: MicroscopeRenderer,
        pixelSizeMicrometres: Double, frameIntervalSeconds: Double
    ) {
        self.parameters = parameters
        self.frames = frames
        self.skippedFrames = skippedFrames
        self.seed = seed
        self.renderer = renderer
        self.pixelSizeMicrometres = pixelSizeMicrometres
        self.frameIntervalSeconds = frameIntervalSeconds
    }

    /// Simulates, renders and writes the TIFF (atomically, as `TIFFWriter` does); an existing
    /// file is kept as it is.
    public func write(to url: URL) throws {
        if FileManager.default.fileExists(atPath: url.path) { return }
        var simulation = parameters
        simulation.frameCount = skippedFrames + frames
        let clean = try DendriteSimulator(simulation).run(seed: seed).frames
        let counts = renderer.render(clean.slice(axis: 0, range: skippedFrames..<(skippedFrames + frames)))
        let calibration = ImageFiles.Calibration(
            pixelSize: pixelSizeMicrometres, pixelUnit: "um", frameInterval: frameIntervalSeconds, frameUnit: "s")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try TIFFWriter.write(ImageStack(frames: counts, encoding: .uint16(scale: 1), calibration: calibration), to: url.path)
    }
}
