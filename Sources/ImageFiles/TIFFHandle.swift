internal import CTIFF
import Glibc

/// One open libtiff handle whose errors and warnings are captured in its own buffer.
///
/// libtiff reports problems through callbacks; `operando_tiff_open` (CTIFF/shim.h) installs a
/// per-handle error/warning pair, so concurrent handles never mix messages and nothing is printed.
/// `check` turns any captured error, and any warning that means the structure is unreliable
/// (IFD loop, bogus byte counts, failed sanity checks), into a thrown `ImageFileError`.
final class TIFFHandle {
    let path: String
    let tiff: OpaquePointer
    private let diagnostics: UnsafeMutablePointer<OperandoTIFFDiagnostics>

    /// Opens `path` for reading (libtiff reads IFD 0).
    /// - Parameter maximumSingleAllocation: cap on any one libtiff allocation, bytes.
    init(path: String, maximumSingleAllocation: Int) throws(ImageFileError) {
        let diagnostics = UnsafeMutablePointer<OperandoTIFFDiagnostics>.allocate(capacity: 1)
        diagnostics.initialize(to: OperandoTIFFDiagnostics())
        guard let tiff = operando_tiff_open(path, "r", diagnostics, Int64(maximumSingleAllocation)) else {
            let message = Self.firstError(diagnostics) ?? "libtiff could not open the file"
            diagnostics.deallocate()
            throw .malformed(path: path, detail: message)
        }
        self.path = path
        self.tiff = tiff
        self.diagnostics = diagnostics
    }

    deinit {
        TIFFClose(tiff)
        diagnostics.deallocate()
    }

    /// The first error captured in `diagnostics`, if any.
    static func firstError(_ diagnostics: UnsafeMutablePointer<OperandoTIFFDiagnostics>) -> String? {
        guard diagnostics.pointee.error_count > 0 else { return nil }
        return withUnsafeBytes(of: &diagnostics.pointee.first_error) { Self.text($0) }
    }

    private static func text(_ raw: UnsafeRawBufferPointer) -> String {
        let bytes = raw.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
    }

    /// The first libtiff error since opening, if any.
    var firstError: String? { Self.firstError(diagnostics) }

    /// Every libtiff warning since opening, one per line.
    var warnings: [String] {
        let all = withUnsafeBytes(of: &diagnostics.pointee.warnings) { Self.text($0) }
        return all.split(separator: "\n").map(String.init)
    }

    /// Warnings that mean libtiff had to guess around a broken structure.
    var fatalWarning: String? {
        warnings.first { warning in
            let lower = warning.lowercased()
            return Self.fatalWarningMarkers.contains { lower.contains($0) }
        }
    }

    private static let fatalWarningMarkers = [
        "loop", "bogus", "sanity check", "past end", "beyond", "incorrect count", "corrupt", "truncat",
        "cannot", "can not", "failed", "invalid", "error", "too large", "exceeds",
    ]

    /// Throws if libtiff reported an error or a fatal warning; `context` says what was being done.
    func check(_ context: @autoclosure () -> String, page: Int? = nil) throws(ImageFileError) {
        try checkErrors(context(), page: page)
        if let warning = fatalWarning {
            throw .malformed(path: path, detail: "\(context()): libtiff warning treated as fatal: \(warning)")
        }
    }

    /// Throws if libtiff reported an error (warnings are left for `check`).
    func checkErrors(_ context: @autoclosure () -> String, page: Int? = nil) throws(ImageFileError) {
        guard let error = firstError else { return }
        if let page { throw .decodeFailed(path: path, page: page, detail: "\(context()): \(error)") }
        throw .malformed(path: path, detail: "\(context()): \(error)")
    }

    // MARK: - Tags

    func u16(_ tag: Int32) -> Int? {
        var value: UInt16 = 0
        return operando_tiff_get_u16(tiff, UInt32(tag), &value) == 1 ? Int(value) : nil
    }

    func u16Defaulted(_ tag: Int32) -> Int? {
        var value: UInt16 = 0
        return operando_tiff_get_u16_defaulted(tiff, UInt32(tag), &value) == 1 ? Int(value) : nil
    }

    func u32(_ tag: Int32) -> Int? {
        var value: UInt32 = 0
        return operando_tiff_get_u32(tiff, UInt32(tag), &value) == 1 ? Int(value) : nil
    }

    func u32Defaulted(_ tag: Int32) -> Int? {
        var value: UInt32 = 0
        return operando_tiff_get_u32_defaulted(tiff, UInt32(tag), &value) == 1 ? Int(value) : nil
    }

    func float(_ tag: Int32) -> Double? {
        var value: Float = 0
        return operando_tiff_get_float(tiff, UInt32(tag), &value) == 1 ? Double(value) : nil
    }

    func string(_ tag: Int32) -> String? {
        var value: UnsafePointer<CChar>? = nil
        guard operando_tiff_get_string(tiff, UInt32(tag), &value) == 1, let value else { return nil }
        let length = strlen(value)
        return value.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
