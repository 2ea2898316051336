/// The first `<Pixels>` element of an OME-XML `ImageDescription` (OME-TIFF).
///
/// OME orders planes by `DimensionOrder` read left to right as fastest to slowest after `XY`:
/// `XYZCT` stores Z fastest, so the array is `[T, C, Z, Y, X]`. Units default to µm and s as in
/// the OME schema.
struct OMEDescription: Sendable, Equatable {
    /// Attributes of the first `Pixels` element, entity-decoded.
    var pixels: [String: String]

    /// Parses `text`, or returns `nil` if it holds no OME `Pixels` element.
    init?(_ text: String) {
        guard text.contains("<OME") || text.contains(":OME") else { return nil }
        guard let attributes = Self.firstElementAttributes(named: "Pixels", in: Array(text.utf8)) else { return nil }
        pixels = attributes
    }

    func size(_ axis: Character) -> Int { pixels["Size\(axis)"].flatMap { Int($0) } ?? 1 }
    func number(_ key: String) -> Double? { pixels[key].flatMap { Double($0) } }

    /// The non-XY axes from slowest to fastest, e.g. `TCZ` for `XYZCT`.
    var planeAxesSlowestFirst: String? {
        let order = pixels["DimensionOrder"] ?? "XYZCT"
        guard order.count == 5, order.hasPrefix("XY"), Set(order) == Set("XYZCT") else { return nil }
        return String(order.dropFirst(2).reversed())
    }

    /// Attributes of the first element whose local name is `name` (any namespace prefix).
    static func firstElementAttributes(named name: String, in bytes: [UInt8]) -> [String: String]? {
        let target = Array(name.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            var nameEnd = index + 1
            while nameEnd < bytes.count, !isSpace(bytes[nameEnd]), bytes[nameEnd] != UInt8(ascii: ">"), bytes[nameEnd] != UInt8(ascii: "/") {
                nameEnd += 1
            }
            let qualified = bytes[(index + 1)..<nameEnd]
            let local = qualified.lastIndex(of: UInt8(ascii: ":")).map { qualified[($0 + 1)...] } ?? qualified
            if Array(local) == target {
                return attributes(in: bytes, from: nameEnd)
            }
            index = nameEnd
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }

    /// Parses `name="value"` pairs from `start` up to the tag's closing `>`.
    private static func attributes(in bytes: [UInt8], from start: Int) -> [String: String] {
        var result: [String: String] = [:]
        var index = start
        while index < bytes.count {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") else { break }
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "="), !isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            while index < bytes.count, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "=") { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { break }
            let quote = bytes[index]
            index += 1
            let valueStart = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            result[name] = decodeEntities(String(decoding: bytes[valueStart..<min(index, bytes.count)], as: UTF8.self))
            index += 1
        }
        return result
    }

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">").replacingAll("&quot;", with: "\"")
            .replacingAll("&apos;", with: "'").replacingAll("&#181;", with: "µ").replacingAll("&amp;", with: "&")
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement` (no Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
