/// The ImageJ `ImageDescription` (tag 270): `key=value` lines starting with `ImageJ=<version>`.
///
/// ImageJ orders a hyperstack's images with channels fastest, then slices, then frames, so the
/// array is `[frames, slices, channels, Y, X]` (axes `TZCYX`, singleton axes dropped).
/// Keys used here: `images`, `channels`, `slices`, `frames`, `spacing`, `unit`, `zunit`,
/// `finterval`, `tunit` (ImageJ's default time unit is `sec`).
struct ImageJDescription: Sendable, Equatable {
    /// Every `key=value` pair, in file order.
    var fields: [(key: String, value: String)]

    static func == (a: ImageJDescription, b: ImageJDescription) -> Bool {
        a.fields.map(\.key) == b.fields.map(\.key) && a.fields.map(\.value) == b.fields.map(\.value)
    }

    /// Parses `text`, or returns `nil` if it is not an ImageJ description.
    init?(_ text: String) {
        guard text.hasPrefix("ImageJ=") else { return nil }
        fields = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).compactMap { line in
            guard let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]).trimmingWhitespace(), String(line[line.index(after: equals)...]).trimmingWhitespace())
        }
    }

    subscript(key: String) -> String? { fields.first { $0.key == key }?.value }

    func integer(_ key: String) -> Int? { self[key].flatMap { Int($0) } }
    func number(_ key: String) -> Double? { self[key].flatMap { Double($0) } }

    var images: Int? { integer("images") }
    var channels: Int { integer("channels") ?? 1 }
    var slices: Int { integer("slices") ?? 1 }
    var frames: Int { integer("frames") ?? 1 }
}
