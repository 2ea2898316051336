/// The numeric type of one stored sample, kept exactly as the file stores it.
///
/// TIFF encodes it with BitsPerSample (258) and SampleFormat (339: 1 unsigned, 2 signed,
/// 3 IEEE float). Only types that Swift can represent losslessly are accepted.
public enum SampleType: String, Codable, Sendable, CaseIterable {
    case uint8, int8, uint16, int16, uint32, int32, float32, float64

    /// Bytes per sample: 1, 2, 4 or 8.
    public var byteCount: Int {
        switch self {
        case .uint8, .int8: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .float64: 8
        }
    }

    /// TIFF BitsPerSample for this type.
    public var bitsPerSample: Int { byteCount * 8 }

    /// TIFF SampleFormat: 1 unsigned integer, 2 two's-complement signed integer, 3 IEEE float.
    public var tiffSampleFormat: Int {
        switch self {
        case .uint8, .uint16, .uint32: 1
        case .int8, .int16, .int32: 2
        case .float32, .float64: 3
        }
    }

    /// The type for a TIFF (BitsPerSample, SampleFormat) pair, or `nil` if it is not representable.
    /// SampleFormat 4 ("undefined") is read as unsigned, as libtiff and tifffile do.
    public init?(bitsPerSample: Int, sampleFormat: Int) {
        switch (bitsPerSample, sampleFormat) {
        case (8, 1), (8, 4): self = .uint8
        case (8, 2): self = .int8
        case (16, 1), (16, 4): self = .uint16
        case (16, 2): self = .int16
        case (32, 1), (32, 4): self = .uint32
        case (32, 2): self = .int32
        case (32, 3): self = .float32
        case (64, 3): self = .float64
        default: return nil
        }
    }
}
