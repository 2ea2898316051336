import Foundation
import Tensor
import Testing
@testable import Preprocessing

/// Renders the before/after montage of Docs/preprocessing.md into `$OPERANDO_DOC_IMAGES`
/// (opt-in, it runs the whole default recipe):
/// `OPERANDO_DOC_IMAGES=$PWD/Docs/images swift test --filter BeforeAfterPictureTests`.
struct BeforeAfterPictureTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["OPERANDO_DOC_IMAGES"] != nil))
    func writesTheBeforeAfterMontage() throws {
        let clean = SyntheticDendrite.frames(count: 12, size: 64)
        let raw = MicroscopeRenderer(seed: 7).render(clean)
        let processed = try Pipeline.apply(.defaultMicroscopy, to: raw, calibration: Calibration(pixelSize: 0.25, frameInterval: 1)).frames
        let shown = [0, 5, 11]
        // Row 1: raw 256² counts shown at 128² (hot pixels clipped by the display window);
        // row 2: the default recipe's 64² output; row 3: the clean 64² frames (both shown ×2).
        let window = Statistics.percentiles(raw.scalars, [0.1, 99.9])
        let rawTiles = shown.map { t in
            Tensor(shape: [256, 256], scalars: raw.frame(t).scalars.map { Float((Double($0) - window[0]) / (window[1] - window[0])) })
        }
        let tiles = rawTiles + shown.map { processed.frame($0) } + shown.map { clean.frame($0) }
        let montage = Montage.grid(
            rawTiles.map { Resampling.resize($0, height: 128, width: 128, method: .area) }
                + tiles[3...].map { Resampling.resize($0, height: 128, width: 128, method: .nearest) },
            columns: 3, gap: 4)
        #expect(montage.shape == [3 * 128 + 16, 3 * 128 + 16])
        let png = PNGEncoder.encode(montage, range: 0...1)
        #expect(Array(png.prefix(8)) == [137, 80, 78, 71, 13, 10, 26, 10])
        let target = try #require(ProcessInfo.processInfo.environment["OPERANDO_DOC_IMAGES"])
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try Data(png).write(to: URL(fileURLWithPath: target).appendingPathComponent("preprocess-before-after.png"))
    }
}
