public import Tensor

/// NumPy `.npy` (format 1.0) for float32 arrays: the on-disk form of every frame sequence in the
/// store, so a blob opens directly with `numpy.load` or `torch.from_numpy(np.load(…))`.
///
/// Layout: magic `\x93NUMPY`, version 1.0, a little-endian UInt16 header length, an ASCII dict
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (T, H, W), }` padded with spaces to a
/// multiple of 64 bytes and ended by `\n`, then the C-order little-endian data.
public enum NPY {
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        let shapeText = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        bytes += [UInt8(length & 0xff), UInt8(length >> 8)]
        bytes += Array(header.utf8)
        bytes.reserveCapacity(bytes.count + tensor.count * 4)
        tensor.withUnsafeBufferPointer { values in
            UnsafeRawBufferPointer(values).withMemoryRebound(to: UInt8.self) { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Decodes a little-endian float32 C-order `.npy`.
    /// - Throws: `OperandoError(.dataError)` for any other layout or a truncated file.
    public static func decode(_ bytes: [UInt8], name: String = "array") throws -> Tensor {
        func fail(_ why: String) -> OperandoError { OperandoError(.dataError, "\(name): not a float32 .npy array (\(why))") }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else { throw fail("bad magic") }
        let major = bytes[6]
        let headerStart = major == 1 ? 10 : 12
        guard major == 1 || major == 2, bytes.count >= headerStart else { throw fail("unknown version \(major)") }
        let headerLength = major == 1
            ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard bytes.count >= headerStart + headerLength else { throw fail("truncated header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard header.contains("'descr': '<f4'") else { throw fail("dtype is not little-endian float32") }
        guard header.contains("'fortran_order': False") else { throw fail("Fortran order") }
        guard let open = header.firstIndex(of: "("), let close = header.firstIndex(of: ")") else { throw fail("no shape") }
        let shape = try header[header.index(after: open)..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
            .map { text -> Int in
                guard let value = Int(text), value >= 0 else { throw fail("bad shape") }
                return value
            }
        let count = shape.reduce(1, *)
        let dataStart = headerStart + headerLength
        guard bytes.count == dataStart + 4 * count else { throw fail("expected \(4 * count) data bytes, found \(bytes.count - dataStart)") }
        var scalars = [Float](repeating: 0, count: count)
        scalars.withUnsafeMutableBytes { destination in
            bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[dataStart...]))
            }
        }
        return Tensor(shape: shape, scalars: scalars)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
