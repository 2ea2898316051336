import Tensor
import Testing
@testable import Preprocessing

/// Decodes the PNG with an independent reader (bitwise CRC, stored-block inflate) and checks
/// every byte of the image survives.
struct PNGEncoderTests {
    func bitwiseCRC(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }

    func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    @Test(arguments: [(3, 2), (300, 250)])
    func roundTripsThroughAnIndependentDecoder(width: Int, height: Int) throws {
        var random = SplitMix64(seed: 11)
        let pixels = (0..<(width * height)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let png = PNGEncoder.encodeGray8(width: width, height: height, pixels: pixels)
        #expect(Array(png[0..<8]) == [137, 80, 78, 71, 13, 10, 26, 10])
        var offset = 8
        var types: [String] = []
        var idat: [UInt8] = []
        while offset < png.count {
            let length = Int(u32(png, offset))
            let type = String(decoding: png[(offset + 4)..<(offset + 8)], as: UTF8.self)
            types.append(type)
            #expect(u32(png, offset + 8 + length) == bitwiseCRC(png[(offset + 4)..<(offset + 8 + length)]), "CRC of \(type)")
            if type == "IHDR" {
                #expect(Int(u32(png, offset + 8)) == width && Int(u32(png, offset + 12)) == height)
                #expect(Array(png[(offset + 16)..<(offset + 21)]) == [8, 0, 0, 0, 0])
            }
            if type == "IDAT" { idat += png[(offset + 8)..<(offset + 8 + length)] }
            offset += 12 + length
        }
        #expect(types == ["IHDR", "IDAT", "IEND"])
        #expect(idat[0] == 0x78 && (UInt16(idat[0]) << 8 | UInt16(idat[1])) % 31 == 0)
        var raw: [UInt8] = []
        var p = 2
        var final = false
        while !final {
            final = idat[p] & 1 == 1
            #expect(idat[p] >> 1 == 0, "stored block")
            let length = Int(idat[p + 1]) | Int(idat[p + 2]) << 8
            let complement = Int(idat[p + 3]) | Int(idat[p + 4]) << 8
            #expect(length ^ complement == 0xFFFF)
            raw += idat[(p + 5)..<(p + 5 + length)]
            p += 5 + length
        }
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        #expect(u32(idat, p) == (b << 16 | a))
        #expect(raw.count == height * (width + 1))
        for r in 0..<height {
            #expect(raw[r * (width + 1)] == 0)
            #expect(Array(raw[(r * (width + 1) + 1)..<((r + 1) * (width + 1))]) == Array(pixels[(r * width)..<((r + 1) * width)]))
        }
    }

    @Test func tensorEncodingMapsRangeAndMontageTiles() {
        let image = Tensor(shape: [1, 4], scalars: [-1, 0, 0.5, 2])
        let png = PNGEncoder.encode(image, range: 0...1)
        #expect(png.count > 40)
        let montage = Montage.grid([Tensor(repeating: 0, shape: [2, 2]), Tensor(repeating: 0.5, shape: [2, 2])], columns: 2, gap: 1, scale: 2)
        #expect(montage.shape == [1 * 4 + 2, 2 * 4 + 3])
        #expect(montage[0, 0] == 1 && montage[1, 1] == 0 && montage[1, 6] == 0.5 && montage[1, 5] == 1)
    }
}
