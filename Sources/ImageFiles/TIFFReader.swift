internal import CTIFF
import Foundation

/// Reads TIFF files (classic and BigTIFF, strips and tiles, every codec libtiff has, ImageJ
/// hyperstacks, OME-TIFF) into an `ImageStack`, losslessly in the stored sample type.
///
/// Reading happens in three passes over a file that is never trusted:
/// 1. `TIFFFileStructure` checks the header and walks the IFD chain by hand (empty, other
///    formats, truncation, loops).
/// 2. libtiff parses every IFD with errors captured per handle; each page's sizes, sample type,
///    codec and strip/tile byte ranges are checked against `ReadLimits` and the file size, and
///    all pages must agree — before any pixel buffer is allocated.
/// 3. Every strip/tile of every page is decoded (pages split across cores, one libtiff handle
///    each) into one C-order little-endian buffer; any libtiff error is fatal.
///
/// See Docs/tiff-import.md for the full contract.
public enum TIFFReader {
    /// Decodes the whole file at `path`.
    /// - Throws: `ImageFileError` naming the file and the defect.
    public static func read(path: String, limits: ReadLimits = .default) throws -> ImageStack {
        try readTyped(path: path, limits: limits)
    }

    static func readTyped(path: String, limits: ReadLimits) throws(ImageFileError) -> ImageStack {
        precondition(UInt16(1).littleEndian == 1, "TIFFReader assumes a little-endian host")
        let file = try RandomAccessFile(path: path)
        let structure = try TIFFFileStructure.inspect(file, limits: limits)
        let allocationCap = maximumLibTIFFAllocation(limits)
        /// libtiff's complaint about IFD `page`, made precise from the raw entries when possible.
        func explained(_ error: ImageFileError, page: Int) -> ImageFileError {
            guard case .malformed(_, let detail) = error, let defect = structure.requiredTagDefect(file, page: page) else { return error }
            return .malformed(path: path, detail: "\(defect) (libtiff: \(detail))")
        }
        let handle: TIFFHandle
        do throws(ImageFileError) {
            handle = try TIFFHandle(path: path, maximumSingleAllocation: allocationCap)
            try handle.checkErrors("reading IFD 0")
        } catch { throw explained(error, page: 0) }

        var layouts: [TIFFPageLayout] = []
        layouts.reserveCapacity(structure.ifdOffsets.count)
        var tags: [String: String] = [:]
        for (page, offset) in structure.ifdOffsets.enumerated() {
            if page > 0 {
                let status = TIFFReadDirectory(handle.tiff)
                do throws(ImageFileError) { try handle.checkErrors("reading IFD \(page)") } catch { throw explained(error, page: page) }
                guard status == 1 else { throw .malformed(path: path, detail: "libtiff could not read IFD \(page) at offset \(offset)") }
            }
            guard TIFFCurrentDirOffset(handle.tiff) == offset else {
                throw .malformed(path: path, detail: "libtiff read IFD \(page) at offset \(TIFFCurrentDirOffset(handle.tiff)), the chain says \(offset)")
            }
            let layout = try TIFFPageLayout.current(handle, page: page, limits: limits)
            if let first = layouts.first, !layout.formsOneArray(with: first) {
                throw .inconsistentPages(path: path, page: page, found: layout.summary, expected: first.summary)
            }
            try layout.checkStriles(handle, page: page, fileSize: structure.fileSize)
            try handle.check("reading IFD \(page)")
            if page == 0 { tags = firstPageTags(handle, layout: layout, structure: structure) }
            layouts.append(layout)
        }
        let first = layouts[0]
        let description = tags["ImageDescription"] ?? ""
        let series = try SeriesArrangement(
            path: path, pageCount: layouts.count, page: first, description: description, limits: limits)
        var metadata = tags.merging(series.metadata) { old, _ in old }
        metadata["Pages"] = String(layouts.count)
        let warnings = handle.warnings
        if !warnings.isEmpty { metadata["libtiff.warnings"] = warnings.joined(separator: "\n") }
        let calibration = series.calibration(tags: tags)

        let data: [UInt8]
        if series.isContiguousImageJ {
            data = try readContiguousImageJ(file, handle: handle, page: first, frames: series.frameCount, isBigEndian: structure.isBigEndian)
        } else {
            data = try decodeAllPages(path: path, layouts: layouts, allocationCap: allocationCap)
        }
        let sampleType = first.sampleType!
        return ImageStack(
            dtype: sampleType, shape: series.shape, axes: series.axes, data: data,
            calibration: calibration, metadata: metadata)
    }

    /// Cap on any single libtiff allocation: a compressed strip may exceed its decoded size a
    /// little, never by much.
    static func maximumLibTIFFAllocation(_ limits: ReadLimits) -> Int {
        let (doubled, overflow) = limits.maximumFrameBytes.multipliedReportingOverflow(by: 2)
        return overflow ? Int.max : doubled + (16 << 20)
    }

    /// Raw tags of the first page, by TIFF tag name.
    private static func firstPageTags(_ handle: TIFFHandle, layout: TIFFPageLayout, structure: TIFFFileStructure) -> [String: String] {
        var tags: [String: String] = [
            "ImageWidth": String(layout.width), "ImageLength": String(layout.height),
            "BitsPerSample": String(layout.bitsPerSample), "SampleFormat": String(layout.sampleFormat),
            "SamplesPerPixel": String(layout.samplesPerPixel), "Compression": String(layout.compression),
            "PhotometricInterpretation": String(layout.photometric),
            "PlanarConfiguration": layout.isPlanarSeparate ? "2" : "1", "Predictor": String(layout.predictor),
            "ByteOrder": structure.isBigEndian ? "MM" : "II", "BigTIFF": structure.isBigTIFF ? "true" : "false",
        ]
        if layout.isTiled {
            tags["TileWidth"] = String(layout.tileWidth)
            tags["TileLength"] = String(layout.tileLength)
        } else {
            tags["RowsPerStrip"] = String(layout.rowsPerStrip)
        }
        let strings: [(String, Int32)] = [
            ("ImageDescription", TIFFTAG_IMAGEDESCRIPTION), ("Software", TIFFTAG_SOFTWARE), ("DateTime", TIFFTAG_DATETIME),
            ("Artist", TIFFTAG_ARTIST), ("Make", TIFFTAG_MAKE), ("Model", TIFFTAG_MODEL), ("HostComputer", TIFFTAG_HOSTCOMPUTER),
            ("DocumentName", TIFFTAG_DOCUMENTNAME), ("PageName", TIFFTAG_PAGENAME),
        ]
        for (name, tag) in strings { if let value = handle.string(tag) { tags[name] = value } }
        if let x = handle.float(TIFFTAG_XRESOLUTION) { tags["XResolution"] = String(x) }
        if let y = handle.float(TIFFTAG_YRESOLUTION) { tags["YResolution"] = String(y) }
        if let unit = handle.u16(TIFFTAG_RESOLUTIONUNIT) { tags["ResolutionUnit"] = String(unit) }
        if let name = TIFFPageLayout.compressionName(layout.compression) { tags["CompressionName"] = name }
        return tags
    }

    /// ImageJ's layout for stacks it cannot index with 32-bit offsets: one IFD, then every image's
    /// uncompressed bytes back to back from the first strip's offset (in the file's byte order).
    private static func readContiguousImageJ(
        _ file: RandomAccessFile, handle: TIFFHandle, page: TIFFPageLayout, frames: Int, isBigEndian: Bool
    ) throws(ImageFileError) -> [UInt8] {
        let path = file.path
        guard page.compression == 1, page.predictor == 1, !page.isTiled else {
            throw .metadataMismatch(path: path, detail: "ImageJ description declares \(frames) images but the file holds 1 compressed page (no contiguous raw data)")
        }
        TIFFSetDirectory(handle.tiff, 0)
        let start = TIFFGetStrileOffset(handle.tiff, 0)
        var expected = start
        for strip in 0..<page.strileCount {
            guard TIFFGetStrileOffset(handle.tiff, UInt32(strip)) == expected else {
                throw .metadataMismatch(path: path, detail: "ImageJ description declares \(frames) images but the single page's strips are not contiguous")
            }
            expected &+= TIFFGetStrileByteCount(handle.tiff, UInt32(strip))
        }
        let total = frames * page.frameBytes
        guard start <= file.size, UInt64(total) <= file.size - start else {
            throw .truncated(path: path, detail: "ImageJ description declares \(frames) contiguous images (\(total) bytes from offset \(start)) but the file ends at \(file.size) bytes")
        }
        var failure: ImageFileError?
        let data = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            count = 0
            do throws(ImageFileError) {
                try file.read(into: UnsafeMutableRawBufferPointer(buffer), at: start, what: "ImageJ contiguous image data")
                if isBigEndian { swapBytes(UnsafeMutableRawBufferPointer(buffer), width: page.bitsPerSample / 8) }
                count = total
            } catch { failure = error }
        }
        if let failure { throw failure }
        return data
    }

    /// Reverses the byte order of every `width`-byte sample in place.
    static func swapBytes(_ buffer: UnsafeMutableRawBufferPointer, width: Int) {
        switch width {
        case 2: for i in stride(from: 0, to: buffer.count, by: 2) { buffer.swapAt(i, i + 1) }
        case 4:
            for i in stride(from: 0, to: buffer.count, by: 4) {
                buffer.storeBytes(of: buffer.loadUnaligned(fromByteOffset: i, as: UInt32.self).byteSwapped, toByteOffset: i, as: UInt32.self)
            }
        case 8:
            for i in stride(from: 0, to: buffer.count, by: 8) {
                buffer.storeBytes(of: buffer.loadUnaligned(fromByteOffset: i, as: UInt64.self).byteSwapped, toByteOffset: i, as: UInt64.self)
            }
        default: break
        }
    }
}

extension TIFFPageLayout {
    /// Whether two pages can be stacked: same size, samples, sample type and planar layout.
    func formsOneArray(with other: TIFFPageLayout) -> Bool {
        width == other.width && height == other.height && samplesPerPixel == other.samplesPerPixel
            && bitsPerSample == other.bitsPerSample && sampleType == other.sampleType
            && isPlanarSeparate == other.isPlanarSeparate
    }
}
