/// Physical calibration of a stack: pixel size, z spacing and frame interval with their units.
///
/// Units are normalised spellings: lengths `um`, `nm`, `mm`, `cm`, `m`, `inch` (ImageJ's
/// `micron`/`µm`/`\u00B5m` become `um`), times `s`, `ms`, `us`, `min`, `h` (ImageJ's `sec` becomes
/// `s`). `nil` means the file does not say.
public struct Calibration: Codable, Sendable, Equatable {
    /// Width of one pixel along X (ImageJ: 1/XResolution; OME: PhysicalSizeX).
    public var pixelSize: Double?
    /// Unit of `pixelSize` (and of `pixelSizeY`).
    public var pixelUnit: String?
    /// Height of one pixel along Y when it differs from `pixelSize`.
    public var pixelSizeY: Double?
    /// Time between consecutive frames (ImageJ: finterval; OME: TimeIncrement).
    public var frameInterval: Double?
    /// Unit of `frameInterval`.
    public var frameUnit: String?
    /// Distance between z slices (ImageJ: spacing; OME: PhysicalSizeZ).
    public var zSpacing: Double?
    /// Unit of `zSpacing`.
    public var zUnit: String?

    public init(
        pixelSize: Double? = nil, pixelUnit: String? = nil, pixelSizeY: Double? = nil,
        frameInterval: Double? = nil, frameUnit: String? = nil,
        zSpacing: Double? = nil, zUnit: String? = nil
    ) {
        self.pixelSize = pixelSize
        self.pixelUnit = pixelUnit
        self.pixelSizeY = pixelSizeY
        self.frameInterval = frameInterval
        self.frameUnit = frameUnit
        self.zSpacing = zSpacing
        self.zUnit = zUnit
    }

    /// The canonical spelling of a length unit as written by ImageJ, OME or a user.
    public static func normalizedLengthUnit(_ unit: String) -> String {
        switch unit.trimmingWhitespace() {
        case "micron", "microns", "µm", "μm", "\\u00B5m", "um", "micrometer", "micrometre": "um"
        case "nanometer", "nanometre", "nm": "nm"
        case "millimeter", "millimetre", "mm": "mm"
        case "centimeter", "centimetre", "cm": "cm"
        case "meter", "metre", "m": "m"
        case "inch", "inches", "in": "inch"
        case "Å", "angstrom", "\\u00C5": "angstrom"
        default: unit.trimmingWhitespace()
        }
    }

    /// The canonical spelling of a time unit as written by ImageJ, OME or a user.
    public static func normalizedTimeUnit(_ unit: String) -> String {
        switch unit.trimmingWhitespace() {
        case "s", "sec", "secs", "second", "seconds": "s"
        case "ms", "msec", "millisecond", "milliseconds": "ms"
        case "us", "µs", "μs", "\\u00B5s", "microsecond", "microseconds": "us"
        case "ns", "nanosecond", "nanoseconds": "ns"
        case "min", "minute", "minutes": "min"
        case "h", "hr", "hour", "hours": "h"
        default: unit.trimmingWhitespace()
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }),
            let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
