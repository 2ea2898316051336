import Foundation
import Tensor
import Testing
import TestSupport
@testable import ImageFiles

/// Random corruption of good corpus files (fixed seeds): every read must either succeed or throw
/// `ImageFileError` — no crash, no trap, no hang. A crash fails the whole test process.
struct TIFFReaderFuzzTests {
    static let sources = [
        "u16_lzw_pred2_t10.tif", "u16_tiled32_100x70_t3.tif", "bigtiff_u16_t12.tif", "u16_deflate_t10.tif",
        "imagej_hyperstack_u16_tzcyx.tif", "rgb_contig_u8.tif", "u16_be_lzw_pred2_t5.tif", "u8_packbits_t10.tif",
    ]

    /// Mutations focus on the first 512 bytes (header and the IFDs tifffile writes there) and a
    /// few anywhere; also truncation at a random length.
    static func mutate(_ original: [UInt8], rng: inout SplitMix64) -> [UInt8] {
        var bytes = original
        let mode = rng.next() % 4
        if mode == 0 {
            bytes.removeLast(Int(rng.next() % UInt64(bytes.count)))
            return bytes
        }
        let edits = 1 + Int(rng.next() % 8)
        for _ in 0..<edits {
            let window = mode == 1 ? min(512, bytes.count) : bytes.count
            let index = Int(rng.next() % UInt64(window))
            bytes[index] = mode == 3 ? [0x00, 0xFF, 0x7F, 0x80][Int(rng.next() % 4)] : UInt8(truncatingIfNeeded: rng.next())
        }
        return bytes
    }

    @Test(arguments: sources)
    func corruptedFilesNeverCrash(_ name: String) throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TIFFCorpus.path("good", name))))
        let directory = try TemporaryDirectory()
        var rng = SplitMix64(seed: 1234 + UInt64(name.utf8.count))
        let path = directory.path("fuzz.tif").path
        let iterations = ProcessInfo.processInfo.environment["OPERANDO_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 40
        var accepted = 0, rejected = 0
        for _ in 0..<iterations {
            try Data(Self.mutate(original, rng: &rng)).write(to: URL(fileURLWithPath: path))
            let start = ContinuousClock.now
            do {
                let stack = try TIFFReader.read(path: path)
                #expect(stack.data.count == stack.shape.reduce(1, *) * stack.dtype.byteCount)
                accepted += 1
            } catch is ImageFileError {
                rejected += 1
            }
            #expect(ContinuousClock.now - start < .seconds(5))
        }
        #expect(accepted + rejected == iterations)
        #expect(rejected > 0, "mutations of \(name) should be caught sometimes")
    }
}
