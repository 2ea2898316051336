/// Raw little-endian IEEE-754 float32 bytes, as stored by safetensors and NumPy `<f4`.
extension Tensor {
    /// A tensor from `4 · shape.product` little-endian float32 bytes.
    /// - Precondition: `bytes.count == 4 · shape.reduce(1, *)`.
    public init(littleEndianFloat32 bytes: [UInt8], shape: [Int]) {
        let count = shape.reduce(1, *)
        precondition(bytes.count == 4 * count, "Tensor(littleEndianFloat32:): \(bytes.count) bytes for shape \(shape)")
        var values = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for index in 0..<count {
                values[index] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)))
            }
        }
        self.init(shape: shape, scalars: values)
    }

    /// The elements as little-endian float32 bytes, row-major.
    public var littleEndianFloat32Bytes: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 4 * count)
        bytes.withUnsafeMutableBytes { raw in
            for (index, value) in scalars.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 4 * index, as: UInt32.self)
            }
        }
        return bytes
    }
}
