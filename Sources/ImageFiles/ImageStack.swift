import Hashing

/// A decoded image stack kept losslessly in its stored sample type.
///
/// `data` holds `shape.reduce(1, *) · dtype.byteCount` bytes in C order (last axis fastest),
/// each sample little-endian. Axis letters: `T` time (also plain multi-page stacks), `Z` slices,
/// `C` channels, `Y` rows, `X` columns, `S` samples of one pixel (RGB). Examples: `YX` one gray
/// page, `TYX` a time-lapse, `TZCYX` an ImageJ hyperstack, `YXS` interleaved RGB, `SYX` planar RGB.
public struct ImageStack: Sendable, Equatable {
    /// Stored sample type.
    public var dtype: SampleType
    /// Extent of each axis, slowest first; one entry per letter of `axes`.
    public var shape: [Int]
    /// Axis letters, slowest first.
    public var axes: String
    /// Samples in C order, little-endian.
    public var data: [UInt8]
    /// Pixel size, z spacing and frame interval.
    public var calibration: Calibration
    /// Raw TIFF tags of the first page by name (`ImageWidth`, `ImageDescription`, …), `imagej.<key>`
    /// for ImageJ description fields, `ome.<attribute>` for OME `Pixels` attributes.
    public var metadata: [String: String]

    /// A stack from raw parts.
    /// - Precondition: `axes.count == shape.count` and `data.count == shape.product · dtype.byteCount`.
    public init(
        dtype: SampleType, shape: [Int], axes: String, data: [UInt8], calibration: Calibration = Calibration(),
        metadata: [String: String] = [:]
    ) {
        precondition(axes.count == shape.count, "ImageStack: axes '\(axes)' do not match shape \(shape)")
        precondition(shape.allSatisfy { $0 > 0 }, "ImageStack: non-positive extent in \(shape)")
        precondition(
            data.count == shape.reduce(1, *) * dtype.byteCount,
            "ImageStack: \(data.count) bytes do not fill \(shape) × \(dtype.byteCount)")
        self.dtype = dtype
        self.shape = shape
        self.axes = axes
        self.data = data
        self.calibration = calibration
        self.metadata = metadata
    }

    /// Number of samples.
    public var count: Int { shape.reduce(1, *) }

    /// Extent of the axis named `letter`, or `nil` if the stack has no such axis.
    public func extent(of letter: Character) -> Int? {
        axes.firstIndex(of: letter).map { shape[axes.distance(from: axes.startIndex, to: $0)] }
    }

    /// SHA-256 of `data`, lowercase hex: the identity of the decoded array (same contract as the
    /// corpus manifests: C order, little-endian). Hashes every byte on each call.
    public func sha256() -> String { SHA256.hexDigest(of: data) }
}
