public import Foundation

/// A minimal POSIX ustar reader and writer: regular files only, names up to 100 bytes —
/// what `operando archive` needs, readable by `tar -tf`.
public enum TarArchive {
    /// One file in an archive.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var bytes: [UInt8]

        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// The archive bytes for `entries`, ending with two zero blocks.
    public static func encode(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        for entry in entries {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int, width: Int) {
                for (index, byte) in text.utf8.prefix(width).enumerated() { header[offset + index] = byte }
            }
            func octal(_ value: Int, width: Int) -> String {
                let digits = String(value, radix: 8)
                return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
            }
            precondition(entry.name.utf8.count <= 100, "tar: name longer than 100 bytes: \(entry.name)")
            put(entry.name, at: 0, width: 100)
            put(octal(0o644, width: 8), at: 100, width: 7)
            put(octal(0, width: 8), at: 108, width: 7)
            put(octal(0, width: 8), at: 116, width: 7)
            put(octal(entry.bytes.count, width: 12), at: 124, width: 11)
            put(octal(0, width: 12), at: 136, width: 11)
            put("        ", at: 148, width: 8)
            header[156] = UInt8(ascii: "0")
            put("ustar", at: 257, width: 6)
            put("00", at: 263, width: 2)
            let checksum = header.reduce(0) { $0 + Int($1) }
            put(octal(checksum, width: 7), at: 148, width: 6)
            header[154] = 0
            header[155] = UInt8(ascii: " ")
            out += header
            out += entry.bytes
            out += [UInt8](repeating: 0, count: (512 - entry.bytes.count % 512) % 512)
        }
        out += [UInt8](repeating: 0, count: 1024)
        return out
    }

    /// The regular files of an archive.
    /// - Throws: `OperandoError(.dataError)` for a truncated archive or a bad header checksum.
    public static func decode(_ bytes: [UInt8], name: String) throws -> [Entry] {
        var entries: [Entry] = []
        var offset = 0
        while offset + 512 <= bytes.count {
            let header = Array(bytes[offset..<(offset + 512)])
            if header.allSatisfy({ $0 == 0 }) { return entries }
            func text(_ start: Int, _ width: Int) -> String {
                String(decoding: header[start..<(start + width)].prefix { $0 != 0 }, as: UTF8.self)
            }
            func number(_ start: Int, _ width: Int) -> Int? {
                Int(text(start, width).trimmingCharacters(in: .whitespaces), radix: 8)
            }
            var unsigned = header
            for index in 148..<156 { unsigned[index] = UInt8(ascii: " ") }
            guard let size = number(124, 12), let checksum = number(148, 8), checksum == unsigned.reduce(0, { $0 + Int($1) }) else {
                throw OperandoError(.dataError, "\(name): damaged tar header at byte \(offset)")
            }
            let start = offset + 512
            guard start + size <= bytes.count else { throw OperandoError(.dataError, "\(name): truncated at byte \(bytes.count)") }
            let type = header[156]
            if type == UInt8(ascii: "0") || type == 0 {
                entries.append(Entry(name: text(0, 100), bytes: Array(bytes[start..<(start + size)])))
            }
            offset = start + (size + 511) / 512 * 512
        }
        throw OperandoError(.dataError, "\(name): truncated (no end-of-archive blocks)")
    }
}
