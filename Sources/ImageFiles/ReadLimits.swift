/// Resource limits checked against the sizes a file declares, before anything is allocated.
///
/// A malformed or hostile header can declare 10⁹ × 10⁹ pixels in 4 KiB; every limit here is
/// checked with overflow-safe arithmetic from the header alone.
public struct ReadLimits: Sendable, Equatable {
    /// Largest accepted ImageWidth or ImageLength, in pixels.
    public var maximumSide: Int
    /// Largest accepted decoded frame (one page, all samples), in bytes.
    public var maximumFrameBytes: Int
    /// Largest accepted decoded stack (all pages), in bytes.
    public var maximumTotalBytes: Int
    /// Largest accepted number of pages (IFDs, or ImageJ images for contiguous files).
    public var maximumPages: Int

    public init(maximumSide: Int, maximumFrameBytes: Int, maximumTotalBytes: Int, maximumPages: Int) {
        precondition(maximumSide > 0 && maximumFrameBytes > 0 && maximumTotalBytes > 0 && maximumPages > 0,
            "ReadLimits: limits must be positive (\(maximumSide), \(maximumFrameBytes), \(maximumTotalBytes), \(maximumPages))")
        self.maximumSide = maximumSide
        self.maximumFrameBytes = maximumFrameBytes
        self.maximumTotalBytes = maximumTotalBytes
        self.maximumPages = maximumPages
    }

    /// 65,536 px per side, 256 MiB per frame, 16 GiB per stack, 1,000,000 pages.
    public static let `default` = ReadLimits(
        maximumSide: 65_536, maximumFrameBytes: 256 << 20, maximumTotalBytes: 16 << 30,
        maximumPages: 1_000_000)
}
