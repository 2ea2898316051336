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
        let table = CollectionOfOne(columns) + rows
        let counts = table.map { $0.map(characterCount) }
        var widths = [Int](repeating: 0, count: columns.count)
        for row in counts {
            for (index, count) in row.enumerated() { widths[index] = max(widths[index], count) }
        }
        let space = UInt8(ascii: " ")
        var bytes: [UInt8] = []
        for (row, rowCounts) in zip(table, counts) {
            let start = bytes.count
            for (index, cell) in row.enumerated() {
                if index > 0 { bytes += [space, space] }
                bytes += cell.utf8
                bytes += repeatElement(space, count: widths[index] - rowCounts[index])
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
