import Foundation
import Glibc
import Testing
@testable import ImageFiles

/// Every good corpus file decodes to the manifest's SHA-256, shape, axes and dtype (the manifest
/// was produced by tifffile); every bad file is rejected with the right error, quickly, and with
/// bounded memory.
struct TIFFReaderCorpusTests {
    @Test func corpusIsPresent() {
        #expect(TIFFCorpus.directory != nil, "tiff-corpus not found next to the package (../shared/tiff-corpus)")
        #expect(TIFFCorpus.fileNames("good").count >= 20)
        #expect(TIFFCorpus.fileNames("bad").count >= 18)
    }

    @Test(arguments: TIFFCorpus.fileNames("good"))
    func goodFileDecodesToManifest(_ name: String) throws {
        let entry = try #require(TIFFCorpus.entry("good", name))
        let stack = try TIFFReader.read(path: TIFFCorpus.path("good", name))
        let expectedAxes = String((entry["axes"] as! String).map { $0 == "I" || $0 == "Q" ? "T" : $0 })
        #expect(stack.shape == entry["shape"] as! [Int], "\(name) shape")
        #expect(stack.axes == expectedAxes, "\(name) axes")
        #expect(stack.dtype.rawValue == entry["dtype"] as! String, "\(name) dtype")
        #expect(stack.sha256() == entry["sha256"] as! String, "\(name) sha256")
        let layout = entry["layout"] as! [String: Any]
        #expect(stack.metadata["Compression"] == String(layout["compression"] as! Int))
        #expect(stack.metadata["BigTIFF"] == String(layout["bigtiff"] as! Bool))
    }

    @Test func imageJCalibrationMatchesManifest() throws {
        for name in ["imagej_hyperstack_u16_tzcyx.tif", "imagej_timelapse_f32_t24.tif"] {
            let entry = try #require(TIFFCorpus.entry("good", name))
            let imagej = try #require((entry["metadata"] as? [String: Any])?["imagej"] as? [String: Any])
            let stack = try TIFFReader.read(path: TIFFCorpus.path("good", name))
            let calibration = stack.calibration
            #expect(abs((calibration.pixelSize ?? 0) - (imagej["pixel_size_xy"] as! Double)) < 1e-6, "\(name) pixel size")
            #expect(calibration.pixelUnit == imagej["unit"] as? String)
            #expect(calibration.frameInterval == imagej["finterval"] as? Double)
            #expect(calibration.frameUnit == "s")
            #expect(calibration.zSpacing == imagej["spacing"] as? Double)
            #expect(stack.metadata["imagej.frames"] == String(imagej["frames"] as! Int))
        }
    }

    @Test func plainTIFFHasNoInventedCalibration() throws {
        let stack = try TIFFReader.read(path: TIFFCorpus.path("good", "u16_stack_t20.tif"))
        #expect(stack.calibration == Calibration())
    }

    /// The error class each bad file must produce: the corpus samples defect classes.
    static let expectedRejections: [String: String] = [
        "empty.tif": "notTIFF", "wrong_magic.tif": "notTIFF", "wrong_version.tif": "notTIFF",
        "png_renamed.tif": "notTIFF", "truncated_stack.tif": "truncated", "truncated_in_strip.tif": "truncated",
        "ifd_offset_past_eof.tif": "truncated", "strip_past_eof.tif": "truncated", "bytecount_huge.tif": "malformed",
        "zero_width.tif": "malformed", "huge_dims_1e9.tif": "exceedsLimits", "mismatched_page_sizes.tif": "inconsistentPages",
        "bits12_packed.tif": "unsupported", "missing_imagelength.tif": "malformed", "missing_stripoffsets.tif": "malformed",
        "corrupt_deflate_data.tif": "decodeFailed", "unsupported_compression_jp2k.tif": "unsupported",
        "imagej_frames_mismatch.tif": "metadataMismatch",
    ]

    @Test(arguments: TIFFCorpus.fileNames("bad"))
    func badFileIsRejected(_ name: String) throws {
        let path = TIFFCorpus.path("bad", name)
        let start = ContinuousClock.now
        do {
            let stack = try TIFFReader.read(path: path)
            Issue.record("\(name) was accepted as \(stack.shape) \(stack.axes)")
        } catch let error as ImageFileError {
            #expect(error.path == path)
            let kind = String(describing: error).isEmpty ? "" : Self.caseName(error)
            #expect(kind == Self.expectedRejections[name], "\(name): \(error)")
            #expect(error.description.contains(path))
        }
        #expect(ContinuousClock.now - start < .seconds(5), "\(name) took too long")
    }

    @Test func badFilesStayWithinMemoryBound() throws {
        let before = Self.peakResidentBytes()
        for name in TIFFCorpus.fileNames("bad") { _ = try? TIFFReader.read(path: TIFFCorpus.path("bad", name)) }
        #expect(Self.peakResidentBytes() - before < 256 << 20)
    }

    @Test func specificMessagesNameTheDefect() throws {
        func message(_ name: String) -> String {
            do { _ = try TIFFReader.read(path: TIFFCorpus.path("bad", name)); return "accepted" } catch { return "\(error)" }
        }
        #expect(message("empty.tif").contains("file is empty"))
        #expect(message("png_renamed.tif").contains("looks like PNG"))
        #expect(message("wrong_version.tif").contains("unknown version 44"))
        #expect(message("truncated_stack.tif").contains("IFD 1 offset"))
        #expect(message("strip_past_eof.tif").contains("strip 0 of page 0 (offset"))
        #expect(message("mismatched_page_sizes.tif").contains("page 1 is 80x48 uint16, page 0 is 64x64 uint16"))
        #expect(message("bits12_packed.tif").contains("unsupported BitsPerSample 12"))
        #expect(message("unsupported_compression_jp2k.tif").contains("unsupported compression 34712 (JPEG 2000)"))
        #expect(message("imagej_frames_mismatch.tif").contains("declares 50 images but the file holds 10 pages"))
        #expect(message("bytecount_huge.tif").contains("Bogus \"StripByteCounts\""))
        #expect(message("zero_width.tif").contains("zero-size image (0 x 64)"))
        #expect(message("missing_imagelength.tif").contains("missing required tag ImageLength"))
        #expect(message("missing_stripoffsets.tif").contains("missing required tag StripOffsets"))
        #expect(message("corrupt_deflate_data.tif").contains("decode error in page 0: strip 0"))
        #expect(message("ifd_offset_past_eof.tif").contains("first IFD offset 29094 beyond end of file"))
    }

    static func caseName(_ error: ImageFileError) -> String {
        String(String(describing: Mirror(reflecting: error).children.first?.label ?? "").prefix { $0 != "(" })
    }

    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }
}
