import Foundation
import Tensor
import Testing
import TestSupport
@testable import ImageFiles

/// Writer → reader round trips for every dtype and layout (always), and writer → tifffile
/// (when python3 with tifffile is available): same bytes, shape, axes and calibration.
struct TIFFWriterRoundTripTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var dtype: SampleType
        var shape: [Int]
        var axes: String
        var testDescription: String { "\(dtype) \(axes) \(shape)" }
    }

    static let cases: [Case] = SampleType.allCases.map { Case(dtype: $0, shape: [3, 5, 7], axes: "TYX") } + [
        Case(dtype: .uint16, shape: [2, 3, 2, 4, 5], axes: "TZCYX"),
        Case(dtype: .float32, shape: [3, 2, 6, 4], axes: "ZCYX"),
        Case(dtype: .uint8, shape: [4, 5, 3], axes: "YXS"),
        Case(dtype: .uint16, shape: [2, 4, 5, 3], axes: "TYXS"),
        Case(dtype: .float32, shape: [9, 11], axes: "YX"),
        Case(dtype: .uint8, shape: [3, 4, 5], axes: "SYX"),
    ]

    static let calibration = Calibration(pixelSize: 0.13, pixelUnit: "um", frameInterval: 2.5, frameUnit: "s", zSpacing: 0.5, zUnit: "um")

    /// Random bytes (any bit pattern, NaNs included, must survive) in the case's shape.
    static func stack(_ c: Case, seed: UInt64) -> ImageStack {
        var rng = SplitMix64(seed: seed)
        let count = c.shape.reduce(1, *) * c.dtype.byteCount
        let data = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        return ImageStack(dtype: c.dtype, shape: c.shape, axes: c.axes, data: data, calibration: calibration)
    }

    @Test(arguments: cases)
    func ownReaderReadsBackIdentically(_ c: Case) throws {
        let directory = try TemporaryDirectory()
        let original = Self.stack(c, seed: 42)
        let path = directory.path("roundtrip.tif").path
        try TIFFWriter.write(original, to: path)
        let back = try TIFFReader.read(path: path)
        #expect(back.dtype == original.dtype)
        #expect(back.shape == original.shape)
        #expect(back.axes == original.axes)
        #expect(back.data == original.data)
        #expect(back.metadata["BigTIFF"] == "false")
        let calibration = back.calibration
        #expect(abs((calibration.pixelSize ?? 0) - 0.13) < 1e-6 * 0.13, "pixel size via float32 rational")
        #expect(calibration.pixelUnit == "um")
        #expect(calibration.frameInterval == 2.5 && calibration.frameUnit == "s")
        #expect(calibration.zSpacing == 0.5 && calibration.zUnit == "um")
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }

    @Test func bigTIFFIsUsedAboveTheThreshold() throws {
        let directory = try TemporaryDirectory()
        let original = Self.stack(Case(dtype: .uint16, shape: [4, 6, 5], axes: "TYX"), seed: 7)
        let path = directory.path("big.tif").path
        try TIFFWriter.writeTyped(original, to: path, bigTIFFThreshold: 0)
        let back = try TIFFReader.read(path: path)
        #expect(back.metadata["BigTIFF"] == "true")
        #expect(back.data == original.data && back.shape == original.shape)
        if PythonReference.hasModules("tifffile, numpy") {
            let report = try #require(Self.tifffileReport(path))
            #expect(report["bigtiff"] as? Bool == true)
            #expect(report["sha256"] as? String == original.sha256())
        }
    }

    @Test func axesOutsideImageJOrderAreRefused() throws {
        let stack = ImageStack(dtype: .uint8, shape: [2, 3, 4, 5], axes: "CTYX", data: [UInt8](repeating: 1, count: 120))
        let directory = try TemporaryDirectory()
        #expect(throws: ImageFileError.self) { try TIFFWriter.write(stack, to: directory.path("x.tif").path) }
    }

    static let tifffileScript = """
        import sys, json, hashlib, numpy, tifffile
        reports = []
        for path in sys.argv[1:]:
            with tifffile.TiffFile(path) as tif:
                series = tif.series[0]
                array = series.asarray()
                little = numpy.ascontiguousarray(array).astype(array.dtype.newbyteorder('<'), copy=False)
                ij = tif.imagej_metadata or {}
                page = tif.pages[0]
                xres = page.tags['XResolution'].value if 'XResolution' in page.tags else None
                reports.append({'shape': list(array.shape), 'axes': series.axes, 'dtype': str(array.dtype),
                    'sha256': hashlib.sha256(little.tobytes()).hexdigest(), 'bigtiff': tif.is_bigtiff,
                    'imagej': tif.is_imagej, 'unit': ij.get('unit'), 'finterval': ij.get('finterval'),
                    'spacing': ij.get('spacing'), 'xres': (xres[0] / xres[1]) if xres else None})
        print(json.dumps(reports))
        """

    /// tifffile's view of each file (one python process for all of them).
    static func tifffileReports(_ paths: [String]) -> [[String: Any]]? {
        guard let text = PythonReference.run(tifffileScript, arguments: paths),
            let reports = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]],
            reports.count == paths.count
        else { return nil }
        return reports
    }

    static func tifffileReport(_ path: String) -> [String: Any]? { tifffileReports([path])?.first }

    /// tifffile reads our ImageJ files as ImageJ hyperstacks with identical bytes, for ImageJ's own
    /// types (uint8, uint16, int16, float32) and the others, which tifffile also accepts.
    @Test(.enabled(if: PythonReference.hasModules("tifffile, numpy")))
    func tifffileReadsBackIdentically() throws {
        let directory = try TemporaryDirectory()
        let originals = Self.cases.map { Self.stack($0, seed: 43) }
        let paths = Self.cases.indices.map { directory.path("case\($0).tif").path }
        for (original, path) in zip(originals, paths) { try TIFFWriter.write(original, to: path) }
        let reports = try #require(Self.tifffileReports(paths))
        for (c, (original, report)) in zip(Self.cases, zip(originals, reports)) {
            let name = c.testDescription
            #expect(report["imagej"] as? Bool == true, "\(name)")
            #expect(report["shape"] as? [Int] == original.shape, "\(name)")
            // tifffile names ImageJ's planar samples C (one grayscale channel per plane).
            let expectedAxes = original.axes == "SYX" ? "CYX" : original.axes
            #expect((report["axes"] as? String).map { String($0.map { $0 == "I" || $0 == "Q" ? "T" : $0 }) } == expectedAxes, "\(name)")
            #expect(report["dtype"] as? String == original.dtype.rawValue, "\(name)")
            #expect(report["sha256"] as? String == original.sha256(), "\(name)")
            #expect(report["unit"] as? String == "um", "\(name)")
            #expect(report["finterval"] as? Double == 2.5, "\(name)")
            #expect(abs(1 / ((report["xres"] as? Double) ?? 1) - 0.13) < 1e-6, "\(name)")
        }
    }
}
