/// Little-endian TIFF/BigTIFF byte assembly: header and IFDs with out-of-line values.
///
/// Classic IFD entry: tag u16, type u16, count u32, value-or-offset u32 (values of ≤ 4 bytes
/// inline); BigTIFF: tag u16, type u16, count u64, value-or-offset u64 (≤ 8 bytes inline).
/// Each IFD is followed by its out-of-line values, word-aligned, then the next IFD.
struct TIFFByteWriter {
    enum Entry {
        case short(UInt16, [UInt16])
        case long(UInt16, [UInt64])
        /// Strip offsets / byte counts: LONG in classic TIFF, LONG8 in BigTIFF.
        case offsets(UInt16, [UInt64])
        case rational(UInt16, Double)
        case ascii(UInt16, String)

        var tag: UInt16 {
            switch self {
            case .short(let tag, _), .long(let tag, _), .offsets(let tag, _), .rational(let tag, _), .ascii(let tag, _): tag
            }
        }
    }

    let isBigTIFF: Bool
    private(set) var bytes: [UInt8] = []

    init(isBigTIFF: Bool) { self.isBigTIFF = isBigTIFF }

    /// `II`, version 42 or 43, offset of the first IFD (right after the header).
    mutating func header() {
        bytes = [0x49, 0x49]
        if isBigTIFF {
            append(43, size: 2); append(8, size: 2); append(0, size: 2); append(16, size: 8)
        } else {
            append(42, size: 2); append(8, size: 4)
        }
    }

    /// Appends one IFD; its next-IFD pointer points right after its values unless `isLast`.
    mutating func directory(_ entries: [Entry], isLast: Bool) {
        let pointerSize = isBigTIFF ? 8 : 4
        let entrySize = isBigTIFF ? 20 : 12
        let start = bytes.count
        let valuesOffset = start + (isBigTIFF ? 8 : 2) + entries.count * entrySize + pointerSize
        var values: [UInt8] = []
        append(UInt64(entries.count), size: isBigTIFF ? 8 : 2)
        for entry in entries {
            let (type, count, payload) = encoded(entry)
            append(UInt64(entry.tag), size: 2)
            append(UInt64(type), size: 2)
            append(UInt64(count), size: pointerSize)
            if payload.count <= pointerSize {
                bytes += payload + [UInt8](repeating: 0, count: pointerSize - payload.count)
            } else {
                append(UInt64(valuesOffset + values.count), size: pointerSize)
                values += payload
                if values.count % 2 == 1 { values.append(0) }
            }
        }
        let next = start + (isBigTIFF ? 8 : 2) + entries.count * entrySize + pointerSize + values.count
        append(isLast ? 0 : UInt64(next), size: pointerSize)
        bytes += values
    }

    private mutating func append(_ value: UInt64, size: Int) {
        for index in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index))) }
    }

    /// TIFF type code, value count and little-endian payload.
    private func encoded(_ entry: Entry) -> (type: Int, count: Int, payload: [UInt8]) {
        func le(_ value: UInt64, _ size: Int) -> [UInt8] { (0..<size).map { UInt8(truncatingIfNeeded: value >> UInt64(8 * $0)) } }
        switch entry {
        case .short(_, let values): return (3, values.count, values.flatMap { le(UInt64($0), 2) })
        case .long(_, let values): return (4, values.count, values.flatMap { le($0, 4) })
        case .offsets(_, let values):
            return isBigTIFF ? (16, values.count, values.flatMap { le($0, 8) }) : (4, values.count, values.flatMap { le($0, 4) })
        case .rational(_, let value):
            let (numerator, denominator) = Self.rational(value)
            return (5, 1, le(UInt64(numerator), 4) + le(UInt64(denominator), 4))
        case .ascii(_, let text):
            let payload = Array(text.utf8) + [0]
            return (2, payload.count, payload)
        }
    }

    /// The best rational approximation p/q of `value` ≥ 0 with p, q < 2³² (continued fractions).
    static func rational(_ value: Double) -> (UInt32, UInt32) {
        guard value.isFinite, value > 0 else { return (0, 1) }
        let limit = Double(UInt32.max)
        var (p0, q0, p1, q1) = (0.0, 1.0, 1.0, 0.0)
        var x = value
        for _ in 0..<64 {
            let a = x.rounded(.down)
            let (p2, q2) = (a * p1 + p0, a * q1 + q0)
            if p2 > limit || q2 > limit { break }
            (p0, q0, p1, q1) = (p1, q1, p2, q2)
            let fraction = x - a
            if fraction < 1e-12 || abs(p1 / q1 - value) <= 1e-15 * value { break }
            x = 1 / fraction
        }
        guard q1 > 0 else { return (UInt32(min(value.rounded(), limit)), 1) }
        return (UInt32(p1), UInt32(q1))
    }
}
