internal import CTIFF

/// How one TIFF page (IFD) stores its pixels, read from libtiff's parsed directory.
struct TIFFPageLayout: Sendable, Equatable {
    var width: Int
    var height: Int
    var samplesPerPixel: Int
    var bitsPerSample: Int
    var sampleFormat: Int
    /// PlanarConfiguration 2: one plane per sample.
    var isPlanarSeparate: Bool
    var compression: Int
    var photometric: Int
    var predictor: Int
    var isTiled: Bool
    /// Tile width and length (tiled pages only).
    var tileWidth: Int
    var tileLength: Int
    /// Rows per strip, clamped to the height (stripped pages only).
    var rowsPerStrip: Int
    /// Number of strips or tiles.
    var strileCount: Int

    /// The sample type, if representable.
    var sampleType: SampleType? { SampleType(bitsPerSample: bitsPerSample, sampleFormat: sampleFormat) }

    /// Decoded bytes of one row of one plane: `width · bytesPerSample · (planar ? 1 : samples)`.
    var rowBytes: Int { width * (bitsPerSample / 8) * (isPlanarSeparate ? 1 : samplesPerPixel) }

    /// Number of separately stored planes (samples for planar pages, else 1).
    var planeCount: Int { isPlanarSeparate ? samplesPerPixel : 1 }

    /// Decoded bytes of the whole page, all samples.
    var frameBytes: Int { rowBytes * height * planeCount }

    /// The shape of one decoded page and its axis letters: `YX`, `YXS` (interleaved samples) or
    /// `SYX` (planar samples).
    var pageShape: (shape: [Int], axes: String) {
        if samplesPerPixel == 1 { return ([height, width], "YX") }
        return isPlanarSeparate ? ([samplesPerPixel, height, width], "SYX") : ([height, width, samplesPerPixel], "YXS")
    }

    /// A short description for messages: `64x64 uint16` or `64x64x3 uint8`.
    var summary: String {
        let type = sampleType?.rawValue ?? "\(bitsPerSample)-bit format \(sampleFormat)"
        return samplesPerPixel == 1 ? "\(width)x\(height) \(type)" : "\(width)x\(height)x\(samplesPerPixel) \(type)"
    }

    /// Reads the layout of the handle's current directory and checks it against `limits`.
    /// - Throws: `malformed` for missing or zero sizes, `exceedsLimits` before any allocation,
    ///   `unsupported` for bit depths, formats, compressions or photometrics we cannot decode.
    static func current(_ handle: TIFFHandle, page: Int, limits: ReadLimits) throws(ImageFileError) -> TIFFPageLayout {
        let path = handle.path
        guard let width = handle.u32(TIFFTAG_IMAGEWIDTH) else {
            throw .malformed(path: path, detail: "page \(page): missing required tag ImageWidth")
        }
        guard let height = handle.u32(TIFFTAG_IMAGELENGTH) else {
            throw .malformed(path: path, detail: "page \(page): missing required tag ImageLength")
        }
        guard width > 0, height > 0 else {
            throw .malformed(path: path, detail: "page \(page): zero-size image (\(width) x \(height))")
        }
        guard width <= limits.maximumSide, height <= limits.maximumSide else {
            throw .exceedsLimits(path: path, detail: "page \(page) is \(width) x \(height) px, more than \(limits.maximumSide) px per side (ReadLimits.maximumSide)")
        }
        let samples = handle.u16Defaulted(TIFFTAG_SAMPLESPERPIXEL) ?? 1
        let bits = handle.u16Defaulted(TIFFTAG_BITSPERSAMPLE) ?? 1
        let format = handle.u16Defaulted(TIFFTAG_SAMPLEFORMAT) ?? 1
        let compression = handle.u16Defaulted(TIFFTAG_COMPRESSION) ?? 1
        let planar = handle.u16Defaulted(TIFFTAG_PLANARCONFIG) ?? 1
        let predictor = handle.u16(TIFFTAG_PREDICTOR) ?? 1
        let photometric = handle.u16(TIFFTAG_PHOTOMETRIC) ?? (samples >= 3 ? 2 : 1)
        guard samples >= 1, samples <= 64 else {
            throw .unsupported(path: path, detail: "page \(page): SamplesPerPixel \(samples)")
        }
        guard SampleType(bitsPerSample: bits, sampleFormat: format) != nil else {
            let kind = [1: "unsigned", 2: "signed", 3: "float", 4: "untyped"][format] ?? "SampleFormat \(format)"
            throw .unsupported(path: path, detail: "page \(page): unsupported BitsPerSample \(bits) (\(kind)); only 8/16/32-bit integers and 32/64-bit floats are read")
        }
        guard TIFFIsCODECConfigured(UInt16(compression)) == 1 else {
            throw .unsupported(path: path, detail: "page \(page): unsupported compression \(compression)\(compressionName(compression).map { " (\($0))" } ?? "")")
        }
        guard ![6, 32844, 32845].contains(photometric) else {
            throw .unsupported(path: path, detail: "page \(page): photometric interpretation \(photometric) (YCbCr/LogL/LogLuv) needs colour conversion, which would not keep the stored values")
        }
        guard [1, 2, 3].contains(predictor) else {
            throw .unsupported(path: path, detail: "page \(page): predictor \(predictor)")
        }
        let isTiled = TIFFIsTiled(handle.tiff) != 0
        var layout = TIFFPageLayout(
            width: width, height: height, samplesPerPixel: samples, bitsPerSample: bits, sampleFormat: format,
            isPlanarSeparate: planar == 2 && samples > 1, compression: compression, photometric: photometric,
            predictor: predictor, isTiled: isTiled, tileWidth: 0, tileLength: 0, rowsPerStrip: 0,
            strileCount: isTiled ? Int(TIFFNumberOfTiles(handle.tiff)) : Int(TIFFNumberOfStrips(handle.tiff)))
        let (frame, overflow) = width.multipliedReportingOverflow(by: height * samples * (bits / 8))
        guard !overflow, frame <= limits.maximumFrameBytes else {
            throw .exceedsLimits(path: path, detail: "page \(page) would decode to \(overflow ? "more than 2^63" : String(frame)) bytes, more than \(limits.maximumFrameBytes) per frame (ReadLimits.maximumFrameBytes)")
        }
        if isTiled {
            guard let tileWidth = handle.u32(TIFFTAG_TILEWIDTH), let tileLength = handle.u32(TIFFTAG_TILELENGTH),
                tileWidth > 0, tileLength > 0, tileWidth <= limits.maximumSide, tileLength <= limits.maximumSide
            else { throw .malformed(path: path, detail: "page \(page): missing or invalid TileWidth/TileLength") }
            layout.tileWidth = tileWidth
            layout.tileLength = tileLength
            let across = (width + tileWidth - 1) / tileWidth, down = (height + tileLength - 1) / tileLength
            guard layout.strileCount == across * down * layout.planeCount else {
                throw .malformed(path: path, detail: "page \(page): \(layout.strileCount) tiles, expected \(across * down * layout.planeCount)")
            }
            let tileBytes = tileWidth * tileLength * (bits / 8) * (layout.isPlanarSeparate ? 1 : samples)
            guard tileBytes <= limits.maximumFrameBytes else {
                throw .exceedsLimits(path: path, detail: "page \(page): one \(tileWidth)x\(tileLength) tile is \(tileBytes) bytes (ReadLimits.maximumFrameBytes)")
            }
        } else {
            let rows = handle.u32Defaulted(TIFFTAG_ROWSPERSTRIP) ?? height
            layout.rowsPerStrip = min(max(rows, 1), height)
            let perPlane = (height + layout.rowsPerStrip - 1) / layout.rowsPerStrip
            guard layout.strileCount == perPlane * layout.planeCount else {
                throw .malformed(path: path, detail: "page \(page): \(layout.strileCount) strips, expected \(perPlane * layout.planeCount) for RowsPerStrip \(layout.rowsPerStrip)")
            }
        }
        return layout
    }

    /// Checks every strip or tile's byte range against the file size before anything is read.
    /// - Throws: `truncated` if data runs past the end of file, `malformed` if a strip is empty
    ///   or an uncompressed strip is shorter than its rows.
    func checkStriles(_ handle: TIFFHandle, page: Int, fileSize: UInt64) throws(ImageFileError) {
        let path = handle.path
        let kind = isTiled ? "tile" : "strip"
        let perPlane = isTiled ? strileCount / planeCount : (height + rowsPerStrip - 1) / rowsPerStrip
        for strile in 0..<strileCount {
            var error: Int32 = 0
            let offset = TIFFGetStrileOffsetWithErr(handle.tiff, UInt32(strile), &error)
            let count = TIFFGetStrileByteCountWithErr(handle.tiff, UInt32(strile), &error)
            guard error == 0 else {
                throw .malformed(path: path, detail: "missing required tag \(isTiled ? "TileOffsets" : "StripOffsets") for \(kind) \(strile) of page \(page)")
            }
            guard count > 0 else {
                throw .malformed(path: path, detail: "\(kind) \(strile) of page \(page) has no data (byte count 0)")
            }
            guard offset < fileSize, count <= fileSize - offset else {
                throw .truncated(path: path, detail: "\(kind) \(strile) of page \(page) (offset \(offset), \(count) bytes) extends past end of file (\(fileSize) bytes)")
            }
            if compression == 1 {
                let expected: Int
                if isTiled {
                    expected = tileWidth * tileLength * (bitsPerSample / 8) * (isPlanarSeparate ? 1 : samplesPerPixel)
                } else {
                    let row0 = (strile % perPlane) * rowsPerStrip
                    expected = min(rowsPerStrip, height - row0) * rowBytes
                }
                guard count >= UInt64(expected) else {
                    throw .truncated(path: path, detail: "uncompressed \(kind) \(strile) of page \(page) holds \(count) bytes, its rows need \(expected)")
                }
            }
        }
    }

    /// Common names of TIFF compression codes, for messages.
    static func compressionName(_ code: Int) -> String? {
        [1: "none", 2: "CCITT RLE", 3: "CCITT G3", 4: "CCITT G4", 5: "LZW", 6: "old JPEG", 7: "JPEG",
         8: "Adobe deflate", 32773: "PackBits", 32946: "deflate", 34712: "JPEG 2000", 34887: "LERC",
         34925: "LZMA", 50000: "Zstandard", 50001: "WebP", 50002: "JPEG XL", 33003: "JPEG 2000 (Aperio)",
         33005: "JPEG 2000 (Aperio)", 34933: "PNG", 34934: "JPEG XR"][code]
    }
}
