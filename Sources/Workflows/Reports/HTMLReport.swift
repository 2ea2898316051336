import Foundation

/// A self-contained, offline HTML page: inline CSS, SVG and base64 PNG, no scripts, no network.
struct HTMLReport {
    private var sections: [String] = []
    let title: String

    init(title: String) { self.title = title }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    mutating func heading(_ text: String) { sections.append("<h2>\(Self.escape(text))</h2>") }
    mutating func paragraph(_ text: String) { sections.append("<p>\(Self.escape(text))</p>") }
    mutating func raw(_ html: String) { sections.append(html) }

    /// An inline SVG figure (the SVG text must come from our own generators).
    mutating func svg(_ svg: String, caption: String) {
        let body = svg.hasPrefix("<?xml") ? String(svg.drop { $0 != ">" }.dropFirst()) : svg
        sections.append("<figure>\(body)<figcaption>\(Self.escape(caption))</figcaption></figure>")
    }

    /// An inline PNG figure.
    mutating func png(_ bytes: [UInt8], caption: String, extra: String = "") {
        let encoded = Data(bytes).base64EncodedString()
        sections.append("<figure><img alt=\"\(Self.escape(caption))\" src=\"data:image/png;base64,\(encoded)\">\(extra)<figcaption>\(Self.escape(caption))</figcaption></figure>")
    }

    /// A table of text cells.
    mutating func table(_ header: [String], _ rows: [[String]]) {
        let head = header.map { "<th>\(Self.escape($0))</th>" }.joined()
        let body = rows.map { "<tr>" + $0.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        sections.append("<table><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>")
    }

    var html: String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
        <style>
        body { font-family: Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; margin-top: 2em; }
        table { border-collapse: collapse; font-size: 0.85em; } td, th { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
        figure { margin: 1em 0; } figcaption { font-size: 0.85em; color: #555; } img { image-rendering: pixelated; }
        .flag { color: #b00; font-weight: bold; } .ok { color: #070; } code { background: #f4f4f4; padding: 0 3px; }
        </style></head><body>
        <h1>\(Self.escape(title))</h1>
        \(sections.joined(separator: "\n"))
        <p style="font-size:0.8em;color:#888">Written by Operando \(SoftwareVersion.current) on \(ISO8601Timestamp.string(from: Date())).</p>
        </body></html>
        """
    }
}
