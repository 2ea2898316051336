import Foundation

/// Streams a float32 C-order `.npy` file of a known shape to disk without holding the array
/// in memory (an exported training split can be gigabytes). The bytes equal `NPY.encode` of the
/// whole array: same header, same padding.
///
/// Written to `<name>.tmp-<uuid>` and renamed on `finish()`, so an interrupted export never
/// leaves a truncated file under the real name.
final class NPYFileWriter {
    let url: URL
    let shape: [Int]
    private let temporary: URL
    private let handle: FileHandle
    private var written = 0
    private var buffer: [UInt8] = []

    init(url: URL, shape: [Int]) throws {
        self.url = url
        self.shape = shape
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw OperandoError(.cannotCreate, "cannot create \(temporary.path): check the folder's permissions")
        }
        handle = try FileHandle(forWritingTo: temporary)
        buffer = Self.header(shape: shape)
    }

    /// The NPY 1.0 header of a little-endian float32 C-order array of `shape`, padded with
    /// spaces so the data starts at a multiple of 64 bytes.
    static func header(shape: [Int]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var text = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt16(text.utf8.count)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xff), UInt8(length >> 8)] + Array(text.utf8)
    }

    /// Appends values in C order.
    func append(_ values: UnsafeBufferPointer<Float>) throws {
        precondition(written + values.count <= shape.reduce(1, *), "appending \(values.count) values past the shape \(shape) (\(written) written)")
        UnsafeRawBufferPointer(values).withMemoryRebound(to: UInt8.self) { buffer.append(contentsOf: $0) }
        written += values.count
        if buffer.count >= 1 << 22 { try flush() }
    }

    /// Writes the rest, syncs and renames the file into place.
    func finish() throws {
        precondition(written == shape.reduce(1, *), "wrote \(written) values for shape \(shape)")
        try flush()
        try handle.synchronize()
        try handle.close()
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.moveItem(at: temporary, to: url)
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
