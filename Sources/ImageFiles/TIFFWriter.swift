internal import CTIFF
import Glibc

/// Writes an `ImageStack` as an uncompressed, ImageJ-compatible TIFF that Fiji, tifffile and
/// `TIFFReader` read back identically.
///
/// Layout: one IFD per image (ImageJ order: channels fastest, then slices, then frames), one
/// strip per image, little-endian. Page 0 carries the ImageJ `ImageDescription`
/// (`images=`, `channels=`, `slices=`, `frames=`, `hyperstack=true`, `unit=`, `spacing=`,
/// `finterval=`) and pixel size as XResolution/YResolution = 1/pixelSize with ResolutionUnit
/// none (the unit is ImageJ's `unit=`). Files whose data would pass 4 GB are written as BigTIFF.
/// The file is written to `<path>.partial` and renamed into place only when complete.
public enum TIFFWriter {
    /// Writes `stack` to `path`.
    /// - Throws: `ImageFileError.writeFailed` if the axes are not `[T][Z][C]` + `YX`/`YXS`/`SYX`
    ///   or the file cannot be written.
    public static func write(_ stack: ImageStack, to path: String) throws {
        try writeTyped(stack, to: path, bigTIFFThreshold: 4_000_000_000)
    }

    /// `write` with the BigTIFF switch-over size exposed for tests (bytes of pixel data).
    static func writeTyped(_ stack: ImageStack, to path: String, bigTIFFThreshold: Int) throws(ImageFileError) {
        let layout = try PageLayout(stack, path: path)
        let useBigTIFF = stack.data.count + layout.pageCount * 512 + (1 << 20) > bigTIFFThreshold
        let partial = path + ".partial"
        do throws(ImageFileError) {
            let handle = try TIFFHandle(path: partial, mode: useBigTIFF ? "w8" : "w", maximumSingleAllocation: 0)
            let description = imageJDescription(stack, layout: layout)
            var failure: ImageFileError?
            stack.data.withUnsafeBytes { raw in
                do throws(ImageFileError) {
                    try writePages(handle, stack: stack, layout: layout, description: description, raw: raw, path: path)
                } catch { failure = error }
            }
            if let failure { throw failure }
            guard TIFFFlush(handle.tiff) == 1, handle.firstError == nil else {
                throw .writeFailed(path: path, detail: handle.firstError ?? "flush failed")
            }
        } catch {
            unlink(partial)
            if case .writeFailed = error { throw error }
            throw .writeFailed(path: path, detail: error.description)
        }
        guard rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw .writeFailed(path: path, detail: "rename from \(partial) failed: \(reason)")
        }
    }

    /// Writes every page: tags, then one strip per page (per sample plane when planar).
    private static func writePages(
        _ handle: TIFFHandle, stack: ImageStack, layout: PageLayout, description: String, raw: UnsafeRawBufferPointer, path: String
    ) throws(ImageFileError) {
        let strips = layout.isPlanar ? layout.samples : 1
        let stripBytes = layout.frameBytes / strips
        for page in 0..<layout.pageCount {
            try writeTags(handle, stack: stack, layout: layout, description: page == 0 ? description : nil, path: path)
            var written = 0
            for strip in 0..<strips {
                let bytes = raw.baseAddress! + page * layout.frameBytes + strip * stripBytes
                written += Int(TIFFWriteEncodedStrip(handle.tiff, UInt32(strip), UnsafeMutableRawPointer(mutating: bytes), tmsize_t(stripBytes)))
            }
            guard written == layout.frameBytes, TIFFWriteDirectory(handle.tiff) == 1 else {
                throw .writeFailed(path: path, detail: "page \(page): \(handle.firstError ?? "libtiff write failed")")
            }
        }
    }

    /// How the stack maps to pages: leading `T`, `Z`, `C` extents and the page axes.
    struct PageLayout {
        var frames = 1, slices = 1, channels = 1
        var height: Int, width: Int, samples: Int
        var isPlanar: Bool
        var pageCount: Int { frames * slices * channels }
        var frameBytes: Int

        init(_ stack: ImageStack, path: String) throws(ImageFileError) {
            let axes = Array(stack.axes)
            let pageAxes: [Character]
            if stack.axes.hasSuffix("SYX") { pageAxes = ["S", "Y", "X"] } else if stack.axes.hasSuffix("YXS") { pageAxes = ["Y", "X", "S"] } else { pageAxes = ["Y", "X"] }
            guard stack.axes.hasSuffix(String(pageAxes)) else {
                throw .writeFailed(path: path, detail: "axes '\(stack.axes)' must end in YX, YXS or SYX")
            }
            let leading = axes.dropLast(pageAxes.count)
            let order: [Character] = ["T", "Z", "C"]
            var last = -1
            var extents: [Character: Int] = [:]
            for (axis, extent) in zip(leading, stack.shape) {
                guard let rank = order.firstIndex(of: axis), rank > last else {
                    throw .writeFailed(path: path, detail: "axes '\(stack.axes)' are not in ImageJ order [T][Z][C] + YX/YXS/SYX; transpose first")
                }
                last = rank
                extents[axis] = extent
            }
            frames = extents["T"] ?? 1
            slices = extents["Z"] ?? 1
            channels = extents["C"] ?? 1
            let page = Array(stack.shape.suffix(pageAxes.count))
            isPlanar = pageAxes.first == "S"
            switch pageAxes.count {
            case 3 where isPlanar: (samples, height, width) = (page[0], page[1], page[2])
            case 3: (height, width, samples) = (page[0], page[1], page[2])
            default: (height, width, samples) = (page[0], page[1], 1)
            }
            frameBytes = height * width * samples * stack.dtype.byteCount
        }
    }

    /// ImageJ's `key=value` description for the stack.
    static func imageJDescription(_ stack: ImageStack, layout: PageLayout) -> String {
        var lines = ["ImageJ=1.11a", "images=\(layout.pageCount)"]
        if layout.channels > 1 { lines.append("channels=\(layout.channels)") }
        if layout.slices > 1 { lines.append("slices=\(layout.slices)") }
        if layout.frames > 1 { lines.append("frames=\(layout.frames)") }
        if layout.pageCount > 1 { lines.append("hyperstack=true") }
        lines.append(layout.channels > 1 ? "mode=composite" : "mode=grayscale")
        let calibration = stack.calibration
        if let unit = calibration.pixelUnit ?? calibration.zUnit { lines.append("unit=\(unit)") }
        if let spacing = calibration.zSpacing { lines.append("spacing=\(spacing)") }
        if let interval = calibration.frameInterval {
            lines.append("finterval=\(interval)")
            if let unit = calibration.frameUnit, unit != "s" { lines.append("tunit=\(unit)") }
        }
        lines.append("loop=false")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func writeTags(_ handle: TIFFHandle, stack: ImageStack, layout: PageLayout, description: String?, path: String) throws(ImageFileError) {
        let tiff = handle.tiff
        let isColour = (layout.samples == 3 || layout.samples == 4) && (stack.dtype == .uint8 || stack.dtype == .uint16)
        var ok = true
        ok = ok && operando_tiff_set_u32(tiff, UInt32(TIFFTAG_IMAGEWIDTH), UInt32(layout.width)) == 1
        ok = ok && operando_tiff_set_u32(tiff, UInt32(TIFFTAG_IMAGELENGTH), UInt32(layout.height)) == 1
        ok = ok && operando_tiff_set_u16(tiff, UInt32(TIFFTAG_BITSPERSAMPLE), UInt16(stack.dtype.bitsPerSample)) == 1
        ok = ok && operando_tiff_set_u16(tiff, UInt32(TIFFTAG_SAMPLESPERPIXEL), UInt16(layout.samples)) == 1
        ok = ok && operando_tiff_set_u16(tiff, UInt32(TIFFTAG_SAMPLEFORMAT), UInt16(stack.dtype.tiffSampleFormat)) == 1
        ok = ok && operando_tiff_set_u16(tiff, UInt32(TIFFTAG_PHOTOMETRIC), UInt16(isColour ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK)) == 1
        ok = ok && operando_tiff_set_u16(tiff, UInt32(TIFFTAG_PLANARCONFIG), UInt16(layout.isPlanar ? PLANARCONFIG_SEPARATE : PLANARCONFIG_CONTIG)) == 1
        ok = ok && operando_tiff_set_u16(tiff, UInt32(TIFFTAG_COMPRESSION), UInt16(COMPRESSION_NONE)) == 1
        ok = ok && operando_tiff_set_u32(tiff, UInt32(TIFFTAG_ROWSPERSTRIP), UInt32(layout.height)) == 1
        if layout.samples > 1 && !isColour {
            var extra = [UInt16](repeating: UInt16(EXTRASAMPLE_UNSPECIFIED), count: layout.samples - 1)
            ok = ok && extra.withUnsafeMutableBufferPointer { operando_tiff_set_extrasamples(tiff, UInt16($0.count), $0.baseAddress) } == 1
        } else if layout.samples == 4 && isColour {
            var extra: [UInt16] = [UInt16(EXTRASAMPLE_UNASSALPHA)]
            ok = ok && extra.withUnsafeMutableBufferPointer { operando_tiff_set_extrasamples(tiff, 1, $0.baseAddress) } == 1
        }
        ok = ok && operando_tiff_set_string(tiff, UInt32(TIFFTAG_SOFTWARE), "Operando \(ImageFilesModule.name)") == 1
        if let description { ok = ok && operando_tiff_set_string(tiff, UInt32(TIFFTAG_IMAGEDESCRIPTION), description) == 1 }
        if let size = stack.calibration.pixelSize, size > 0, size.isFinite {
            let sizeY = stack.calibration.pixelSizeY ?? size
            ok = ok && operando_tiff_set_double(tiff, UInt32(TIFFTAG_XRESOLUTION), 1 / size) == 1
            ok = ok && operando_tiff_set_double(tiff, UInt32(TIFFTAG_YRESOLUTION), 1 / sizeY) == 1
            ok = ok && operando_tiff_set_u16(tiff, UInt32(TIFFTAG_RESOLUTIONUNIT), UInt16(RESUNIT_NONE)) == 1
        }
        guard ok else { throw .writeFailed(path: path, detail: "setting tags: \(handle.firstError ?? "libtiff rejected a tag")") }
    }
}
