import Foundation
import Tensor
import Testing
import TestSupport
@testable import ImageFiles

/// Layouts the corpus does not sample: ImageJ's contiguous single-IFD layout (files over 4 GB),
/// OME-TIFF, planar RGB, tiled float/RGB, big-endian predictor 2 (codecs tifffile can write
/// without imagecodecs).
struct TIFFReaderLayoutTests {
    /// A TYX uint16 stack written by TIFFWriter (contiguous data), then cut to one IFD by zeroing
    /// IFD 0's next pointer: exactly ImageJ's layout for stacks over 4 GB.
    @Test func imageJContiguousSingleIFDReadsEveryImage() throws {
        let directory = try TemporaryDirectory()
        var rng = SplitMix64(seed: 5)
        let data = (0..<(4 * 6 * 5 * 2)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let original = ImageStack(dtype: .uint16, shape: [4, 6, 5], axes: "TYX", data: data)
        let path = directory.path("contiguous.tif").path
        try TIFFWriter.write(original, to: path)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let entries = Int(bytes[8]) | Int(bytes[9]) << 8
        let next = 8 + 2 + 12 * entries
        #expect(bytes[next..<(next + 4)].contains { $0 != 0 }, "IFD 0 should have a successor before the cut")
        for index in next..<(next + 4) { bytes[index] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let back = try TIFFReader.read(path: path)
        #expect(back.metadata["Pages"] == "1")
        #expect(back.shape == [4, 6, 5] && back.axes == "TYX")
        #expect(back.data == original.data)

        // Declaring more images than the file holds is a truncation, not a silent short read.
        let cut = Array(bytes.dropLast(10))
        try Data(cut).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try TIFFReader.read(path: path)
        } throws: { error in
            guard case .truncated(_, let detail) = error as? ImageFileError else { return false }
            return detail.contains("4 contiguous images")
        }
    }

    /// Files written by tifffile with features the corpus lacks; decoded bytes must equal
    /// tifffile's own array (SHA-256), shape and axes.
    static let tifffileCases: [(name: String, code: String)] = [
        ("ome_tcyx_u16", "data=rng.integers(0,65535,(3,2,16,20),dtype='uint16'); tifffile.imwrite(p,data,ome=True,metadata={'axes':'TCYX','PhysicalSizeX':0.2,'PhysicalSizeY':0.2,'TimeIncrement':1.5,'TimeIncrementUnit':'s'})"),
        ("planar_rgb_u16", "data=rng.integers(0,65535,(3,17,19),dtype='uint16'); tifffile.imwrite(p,data,photometric='rgb',planarconfig='separate')"),
        ("f32_deflate_be_tiled", "data=rng.standard_normal((3,19,23)).astype('>f4'); tifffile.imwrite(p,data,compression='zlib',tile=(16,16),byteorder='>')"),
        ("f64_deflate", "data=rng.standard_normal((2,40,50)); tifffile.imwrite(p,data,compression='zlib')"),
        ("i32_pred2_deflate_be", "data=rng.integers(-2**31,2**31-1,(2,13,11),dtype='int32'); tifffile.imwrite(p,data,compression='zlib',predictor=2,byteorder='>')"),
        ("i8_deflate_bigtiff", "data=rng.integers(-128,127,(4,9,10),dtype='int8'); tifffile.imwrite(p,data,compression='zlib',bigtiff=True)"),
        ("u32_tiled_rgb_deflate", "data=rng.integers(0,2**32-1,(2,33,35,3),dtype='uint32'); tifffile.imwrite(p,data,tile=(16,16),photometric='rgb',compression='zlib')"),
    ]

    /// Cases whose encoders tifffile takes from imagecodecs (floating-point predictor, LZW, zstd,
    /// PackBits); run only where imagecodecs is installed.
    static let imagecodecsCases: [(name: String, code: String)] = [
        ("f32_pred3_deflate_be", "data=rng.standard_normal((3,19,23)).astype('>f4'); tifffile.imwrite(p,data,compression='zlib',predictor=3,byteorder='>')"),
        ("f64_pred3_lzw_tiled", "data=rng.standard_normal((2,40,50)); tifffile.imwrite(p,data,tile=(16,16),compression='lzw',predictor=3)"),
        ("i32_pred2_zstd", "data=rng.integers(-2**31,2**31-1,(2,13,11),dtype='int32'); tifffile.imwrite(p,data,compression='zstd',predictor=2)"),
        ("i8_packbits_bigtiff", "data=rng.integers(-128,127,(4,9,10),dtype='int8'); tifffile.imwrite(p,data,compression='packbits',bigtiff=True)"),
        ("u16_rgb_lzw_pred2_be", "data=rng.integers(0,65535,(2,21,17,3),dtype='uint16'); tifffile.imwrite(p,data,photometric='rgb',compression='lzw',predictor=2,byteorder='>')"),
    ]

    static let script = """
        import sys, json, hashlib, numpy, tifffile
        p = sys.argv[1]; rng = numpy.random.default_rng(7)
        exec(sys.argv[2])
        with tifffile.TiffFile(p) as tif:
            s = tif.series[0]; a = s.asarray()
            little = numpy.ascontiguousarray(a).astype(a.dtype.newbyteorder('<'), copy=False)
            print(json.dumps({'shape': list(a.shape), 'axes': s.axes, 'dtype': str(a.dtype),
                              'sha256': hashlib.sha256(little.tobytes()).hexdigest()}))
        """

    @Test(.enabled(if: PythonReference.hasModules("tifffile, numpy")), arguments: tifffileCases.map(\.name))
    func tifffileWrittenFileMatchesTifffile(_ name: String) throws {
        try checkAgainstTifffile(name, code: try #require(Self.tifffileCases.first { $0.name == name }?.code))
    }

    @Test(.enabled(if: PythonReference.hasModules("tifffile, numpy, imagecodecs")), arguments: imagecodecsCases.map(\.name))
    func imagecodecsWrittenFileMatchesTifffile(_ name: String) throws {
        try checkAgainstTifffile(name, code: try #require(Self.imagecodecsCases.first { $0.name == name }?.code))
    }

    func checkAgainstTifffile(_ name: String, code: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("\(name).tif").path
        let text = try #require(PythonReference.run(Self.script, arguments: [path, code]))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let stack = try TIFFReader.read(path: path)
        let axes = String((report["axes"] as! String).map { $0 == "I" || $0 == "Q" ? "T" : $0 })
        #expect(stack.shape == report["shape"] as! [Int])
        #expect(stack.axes == axes)
        #expect(stack.dtype.rawValue == report["dtype"] as! String)
        #expect(stack.sha256() == report["sha256"] as! String)
        if name.hasPrefix("ome") {
            #expect(stack.calibration.pixelSize == 0.2 && stack.calibration.pixelUnit == "um")
            #expect(stack.calibration.frameInterval == 1.5 && stack.calibration.frameUnit == "s")
        }
    }
}

/// Structural defects built from a good corpus file, and configurable limits.
struct TIFFReaderGuardTests {
    static func corpusBytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: TIFFCorpus.path("good", name))))
    }

    /// IFD 0's next pointer aimed back at IFD 0 must be caught, not looped over.
    @Test func ifdLoopIsRejected() throws {
        var bytes = try Self.corpusBytes("u8_single.tif")
        let first = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        let entries = Int(bytes[first]) | Int(bytes[first + 1]) << 8
        let next = first + 2 + 12 * entries
        for index in 0..<4 { bytes[next + index] = bytes[4 + index] }
        let directory = try TemporaryDirectory()
        let path = directory.path("loop.tif").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try TIFFReader.read(path: path)
        } throws: { error in
            guard case .malformed(_, let detail) = error as? ImageFileError else { return false }
            return detail.contains("IFD loop")
        }
    }

    @Test func limitsAreConfigurable() throws {
        let path = TIFFCorpus.path("good", "u16_stack_t20.tif")
        let small = ReadLimits(maximumSide: 32, maximumFrameBytes: 1 << 20, maximumTotalBytes: 1 << 30, maximumPages: 100)
        #expect(throws: ImageFileError.self) { try TIFFReader.read(path: path, limits: small) }
        let fewPages = ReadLimits(maximumSide: 1024, maximumFrameBytes: 1 << 20, maximumTotalBytes: 1 << 30, maximumPages: 10)
        #expect(throws: ImageFileError.self) { try TIFFReader.read(path: path, limits: fewPages) }
        let smallTotal = ReadLimits(maximumSide: 1024, maximumFrameBytes: 1 << 20, maximumTotalBytes: 64 * 64 * 2 * 19, maximumPages: 100)
        #expect(throws: ImageFileError.self) { try TIFFReader.read(path: path, limits: smallTotal) }
        let exact = ReadLimits(maximumSide: 64, maximumFrameBytes: 64 * 64 * 2, maximumTotalBytes: 64 * 64 * 2 * 20, maximumPages: 20)
        #expect(try TIFFReader.read(path: path, limits: exact).shape == [20, 64, 64])
    }

    @Test func missingFileNamesThePath() {
        #expect {
            _ = try TIFFReader.read(path: "/nonexistent/operando.tif")
        } throws: { error in
            guard case .cannotOpen(let path, _) = error as? ImageFileError else { return false }
            return path == "/nonexistent/operando.tif"
        }
    }
}
