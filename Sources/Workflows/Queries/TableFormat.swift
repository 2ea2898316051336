import Foundation

/// Renders rows as aligned text or CSV (RFC 4180 quoting).
public enum TableFormat {
    public static func csv(columns: [String], rows: [[String]]) -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        return ([columns] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// Left-aligned columns, each as wide as its widest cell (in characters), two spaces apart,
    /// no trailing spaces. Written as UTF-8 into one buffer: listings print tens of thousands of
    /// rows.
    public static func text(columns: [String], rows: [[String]]) -> String {
        var widths = columns.map(characterCount)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], characterCount(cell)) }
        }
        let space = UInt8(ascii: " ")
        var bytes: [UInt8] = []
        bytes.reserveCapacity((widths.reduce(0, +) + 2 * widths.count) * (rows.count + 1))
        for row in CollectionOfOne(columns).lazy + rows {
            let start = bytes.count
            for (index, cell) in row.enumerated() {
                if index > 0 { bytes += [space, space] }
                bytes += cell.utf8
                bytes += repeatElement(space, count: widths[index] - characterCount(cell))
            }
            while bytes.count > start && bytes.last == space { bytes.removeLast() }
            bytes.append(UInt8(ascii: "\n"))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Characters in `text`; for ASCII text (nearly every cell) that is its byte count.
    static func characterCount(_ text: String) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.count
    }
}
