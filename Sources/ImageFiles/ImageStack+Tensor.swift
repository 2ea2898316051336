public import Tensor

extension ImageStack {
    /// The samples as a Float tensor of the same shape, each value converted exactly as stored
    /// (no rescaling): uint8/int8/uint16/int16 are exact, 32-bit integers and float64 round to the
    /// nearest Float.
    public func floatFrames() -> Tensor {
        var scalars = [Float](repeating: 0, count: count)
        scalars.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBytes { raw in
                switch dtype {
                case .uint8: for i in out.indices { out[i] = Float(raw[i]) }
                case .int8: for i in out.indices { out[i] = Float(Int8(bitPattern: raw[i])) }
                case .uint16: Self.convert(raw, UInt16.self, into: out) { Float(UInt16(littleEndian: $0)) }
                case .int16: Self.convert(raw, Int16.self, into: out) { Float(Int16(littleEndian: $0)) }
                case .uint32: Self.convert(raw, UInt32.self, into: out) { Float(UInt32(littleEndian: $0)) }
                case .int32: Self.convert(raw, Int32.self, into: out) { Float(Int32(littleEndian: $0)) }
                case .float32: Self.convert(raw, UInt32.self, into: out) { Float(bitPattern: UInt32(littleEndian: $0)) }
                case .float64: Self.convert(raw, UInt64.self, into: out) { Float(Double(bitPattern: UInt64(littleEndian: $0))) }
                }
            }
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    private static func convert<T>(
        _ raw: UnsafeRawBufferPointer, _ type: T.Type, into out: UnsafeMutableBufferPointer<Float>,
        _ transform: (T) -> Float
    ) {
        for i in out.indices { out[i] = transform(raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)) }
    }

    /// How `init(frames:encoding:)` stores Float values.
    public enum FrameEncoding: Sendable, Equatable {
        /// IEEE float32, values unchanged.
        case float32
        /// uint16 with `stored = round(value · scale)` clamped to [0, 65535]; read back as
        /// `stored / scale`. E.g. `scale: 65535` maps [0, 1] onto the full range.
        case uint16(scale: Float)
    }

    /// A `TYX` stack from Float frames `[T, H, W]` (simulated or predicted sequences), for export.
    /// - Precondition: `frames.rank == 3`, every extent > 0, and a uint16 scale > 0 and finite.
    public init(frames: Tensor, encoding: FrameEncoding, calibration: Calibration = Calibration()) {
        precondition(frames.rank == 3 && frames.shape.allSatisfy { $0 > 0 }, "ImageStack(frames:): need [T, H, W], got \(frames.shape)")
        var bytes: [UInt8]
        let dtype: SampleType
        switch encoding {
        case .float32:
            dtype = .float32
            bytes = [UInt8](repeating: 0, count: frames.count * 4)
            bytes.withUnsafeMutableBytes { out in
                for (i, value) in frames.scalars.enumerated() {
                    out.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self)
                }
            }
        case .uint16(let scale):
            precondition(scale > 0 && scale.isFinite, "ImageStack(frames:): uint16 scale must be positive and finite, got \(scale)")
            dtype = .uint16
            bytes = [UInt8](repeating: 0, count: frames.count * 2)
            bytes.withUnsafeMutableBytes { out in
                for (i, value) in frames.scalars.enumerated() {
                    let scaled = (value * scale).rounded()
                    let stored: UInt16 = scaled.isNaN ? 0 : UInt16(min(max(scaled, 0), 65535))
                    out.storeBytes(of: stored.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                }
            }
        }
        var metadata: [String: String] = [:]
        if case .uint16(let scale) = encoding { metadata["operando.uint16Scale"] = "\(scale)" }
        self.init(dtype: dtype, shape: frames.shape, axes: "TYX", data: bytes, calibration: calibration, metadata: metadata)
    }
}
