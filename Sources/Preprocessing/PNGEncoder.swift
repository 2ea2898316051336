public import Tensor

/// A dependency-free PNG writer for 8-bit grayscale images (montages, before/after pictures).
///
/// Layout: signature, `IHDR` (bit depth 8, colour type 0), one `IDAT` holding a zlib stream of
/// *stored* (uncompressed) deflate blocks of at most 65 535 bytes, each scanline prefixed with
/// filter byte 0, the Adler-32 of the raw data, then `IEND`. Every chunk ends with the CRC-32
/// (polynomial 0xEDB88320) of its type and data. Files are about `H·(W+1)` bytes.
public enum PNGEncoder {
    /// PNG bytes of a `height × width` image given row-major 8-bit gray `pixels`.
    public static func encodeGray8(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(width >= 1 && height >= 1 && pixels.count == width * height, "PNG: \(pixels.count) pixels for \(width)×\(height)")
        var raw: [UInt8] = []
        raw.reserveCapacity(height * (width + 1))
        for r in 0..<height {
            raw.append(0)
            raw.append(contentsOf: pixels[(r * width)..<((r + 1) * width)])
        }
        var zlib: [UInt8] = [0x78, 0x01]
        var position = 0
        repeat {
            let length = min(65_535, raw.count - position)
            let final: UInt8 = position + length == raw.count ? 1 : 0
            zlib.append(final)
            zlib += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            zlib += raw[position..<(position + length)]
            position += length
        } while position < raw.count
        zlib += bigEndian(adler32(raw))

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 0, 0, 0, 0])
        png += chunk("IDAT", zlib)
        png += chunk("IEND", [])
        return png
    }

    /// PNG bytes of an `[H, W]` tensor, mapping `range` linearly onto 0…255 (values outside are
    /// clamped, NaN becomes 0).
    public static func encode(_ image: Tensor, range: ClosedRange<Float> = 0...1) -> [UInt8] {
        precondition(image.rank == 2, "PNG: expected [H, W], got \(image.shape)")
        let span = max(range.upperBound - range.lowerBound, Float.leastNormalMagnitude)
        let pixels = image.scalars.map { value -> UInt8 in
            guard value.isFinite else { return 0 }
            return UInt8(min(max((value - range.lowerBound) / span, 0), 1) * 255 + 0.5)
        }
        return encodeGray8(width: image.shape[1], height: image.shape[0], pixels: pixels)
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 as used by PNG and zlib.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    /// Adler-32 checksum of the uncompressed zlib data.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return (b << 16) | a
    }
}

/// Tiles `[H, W]` images into one picture.
public enum Montage {
    /// A grid of `tiles` (all `[H, W]`), `columns` per row, each enlarged `scale`× by pixel
    /// replication, separated by `gap` pixels of `background`.
    public static func grid(_ tiles: [Tensor], columns: Int, gap: Int = 2, scale: Int = 1, background: Float = 1) -> Tensor {
        precondition(!tiles.isEmpty && columns >= 1 && scale >= 1 && gap >= 0, "Montage: \(tiles.count) tiles, \(columns) columns")
        let (height, width) = (tiles[0].shape[0], tiles[0].shape[1])
        precondition(tiles.allSatisfy { $0.shape == [height, width] }, "Montage: tiles differ in shape")
        let rows = (tiles.count + columns - 1) / columns
        let tileHeight = height * scale
        let tileWidth = width * scale
        let outHeight = rows * tileHeight + (rows + 1) * gap
        let outWidth = columns * tileWidth + (columns + 1) * gap
        var out = [Float](repeating: background, count: outHeight * outWidth)
        for (n, tile) in tiles.enumerated() {
            let top = gap + (n / columns) * (tileHeight + gap)
            let left = gap + (n % columns) * (tileWidth + gap)
            for r in 0..<tileHeight {
                for c in 0..<tileWidth {
                    out[(top + r) * outWidth + left + c] = tile.scalars[(r / scale) * width + c / scale]
                }
            }
        }
        return Tensor(shape: [outHeight, outWidth], scalars: out)
    }
}
