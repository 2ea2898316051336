import Tensor
import Testing
@testable import ImageFiles

/// Float conversion and the Float-tensor initializer, against per-element reference decoding.
struct ImageStackTests {
    @Test func floatFramesConvertEachTypeExactlyAsStored() {
        let int16: [Int16] = [-32768, -1, 0, 1, 32767, 1234]
        let int16Bytes = int16.flatMap { value in withUnsafeBytes(of: value.littleEndian) { Array($0) } }
        let stack16 = ImageStack(dtype: .int16, shape: [2, 3], axes: "YX", data: int16Bytes)
        #expect(stack16.floatFrames().scalars == int16.map(Float.init))
        #expect(stack16.floatFrames().shape == [2, 3])

        let floats: [Double] = [-1.5, 0.25, 1e300, 3]
        let doubleBytes = floats.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
        let stack64 = ImageStack(dtype: .float64, shape: [1, 2, 2], axes: "TYX", data: doubleBytes)
        #expect(stack64.floatFrames().scalars == floats.map(Float.init))

        let stack8 = ImageStack(dtype: .int8, shape: [1, 3], axes: "YX", data: [0x80, 0xFF, 0x7F])
        #expect(stack8.floatFrames().scalars == [-128, -1, 127])
        let stack32 = ImageStack(dtype: .uint32, shape: [1, 1], axes: "YX", data: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(stack32.floatFrames().scalars == [Float(UInt32.max)])
    }

    @Test func framesInitializerFloat32IsLossless() {
        var rng = SplitMix64(seed: 3)
        let frames = Tensor(shape: [2, 3, 4], scalars: (0..<24).map { _ in rng.nextNormal() })
        let stack = ImageStack(frames: frames, encoding: .float32, calibration: Calibration(frameInterval: 0.5, frameUnit: "s"))
        #expect(stack.dtype == .float32 && stack.axes == "TYX" && stack.shape == [2, 3, 4])
        #expect(stack.floatFrames() == frames)
        #expect(stack.calibration.frameInterval == 0.5)
    }

    @Test func framesInitializerUInt16ScalesRoundsAndClamps() {
        let values: [Float] = [0, 0.5, 1, -0.2, 1.3, 0.123456]
        let stack = ImageStack(frames: Tensor(shape: [1, 2, 3], scalars: values), encoding: .uint16(scale: 65535))
        let stored = stack.floatFrames().scalars
        let expected: [Float] = values.map { (min(max($0 * 65535, 0), 65535)).rounded() }
        #expect(stored == expected)
        for (value, back) in zip(values, stored) where value >= 0 && value <= 1 {
            #expect(abs(back / 65535 - value) <= 0.5 / 65535 + 1e-7)
        }
    }

    @Test func sampleTypeMatchesTIFFCodes() {
        for type in SampleType.allCases {
            #expect(SampleType(bitsPerSample: type.bitsPerSample, sampleFormat: type.tiffSampleFormat) == type)
        }
        #expect(SampleType(bitsPerSample: 12, sampleFormat: 1) == nil)
        #expect(SampleType(bitsPerSample: 16, sampleFormat: 3) == nil)
    }

    @Test func rationalApproximationIsClose() {
        for value in [6.25, 1 / 0.13, 1 / 0.0645, 72, 1e-3, 123456.789] {
            let (p, q) = TIFFByteWriter.rational(value)
            #expect(abs(Double(p) / Double(q) - value) <= 1e-9 * value, "\(value) → \(p)/\(q)")
        }
    }
}
