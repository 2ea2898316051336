import Glibc

/// Writes an `ImageStack` as an uncompressed, ImageJ-compatible TIFF that Fiji, tifffile and
/// `TIFFReader` read back identically.
///
/// Layout (as ImageJ itself writes): header, then every IFD, then all pixel data contiguous with
/// no gaps, little-endian, one strip per image (one per sample plane when planar). Images are in
/// ImageJ order — channels fastest, then slices, then frames. Contiguous data matters: ImageJ and
/// tifffile read an ImageJ series as one block from the first strip's offset.
///
/// Page 0 carries the ImageJ `ImageDescription` (`images=`, `channels=`, `slices=`, `frames=`,
/// `hyperstack=true`, `unit=`, `spacing=`, `finterval=`) and the pixel size as
/// XResolution/YResolution = 1/pixelSize with ResolutionUnit none (the unit is ImageJ's `unit=`).
/// Files that would pass 4 GB are written as BigTIFF. The file is written to `<path>.partial`
/// and renamed into place only when complete.
public enum TIFFWriter {
    /// Writes `stack` to `path`.
    /// - Throws: `ImageFileError.writeFailed` if the axes are not `[T][Z][C]` + `YX`/`YXS`/`SYX`
    ///   or the file cannot be written.
    public static func write(_ stack: ImageStack, to path: String) throws {
        try writeTyped(stack, to: path, bigTIFFThreshold: 1 << 32)
    }

    /// `write` with the BigTIFF switch-over file size exposed for tests (bytes).
    static func writeTyped(_ stack: ImageStack, to path: String, bigTIFFThreshold: Int) throws(ImageFileError) {
        let layout = try PageLayout(stack, path: path)
        let description = imageJDescription(stack, layout: layout)
        var isBigTIFF = false
        var head = headerAndDirectories(stack, layout: layout, description: description, isBigTIFF: false)
        if head.count + stack.data.count >= bigTIFFThreshold {
            isBigTIFF = true
            head = headerAndDirectories(stack, layout: layout, description: description, isBigTIFF: true)
        }
        precondition(isBigTIFF || head.count + stack.data.count < 1 << 32, "TIFFWriter: classic TIFF beyond 4 GiB")
        let partial = path + ".partial"
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .writeFailed(path: path, detail: String(cString: strerror(errno))) }
        var failure: String?
        head.withUnsafeBytes { failure = writeAll(descriptor, $0) }
        if failure == nil { stack.data.withUnsafeBytes { failure = writeAll(descriptor, $0) } }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if failure == nil, rename(partial, path) != 0 { failure = "rename from \(partial): \(String(cString: strerror(errno)))" }
        if let failure {
            unlink(partial)
            throw .writeFailed(path: path, detail: failure)
        }
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> String? {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(descriptor, bytes.baseAddress! + done, min(bytes.count - done, 1 << 30))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return String(cString: strerror(errno)) }
            done += n
        }
        return nil
    }

    /// How the stack maps to pages: leading `T`, `Z`, `C` extents and the page axes.
    struct PageLayout {
        var frames = 1, slices = 1, channels = 1
        var height: Int, width: Int, samples: Int
        var isPlanar: Bool
        var frameBytes: Int
        var pageCount: Int { frames * slices * channels }
        var stripsPerPage: Int { isPlanar ? samples : 1 }

        init(_ stack: ImageStack, path: String) throws(ImageFileError) {
            let pageAxes = stack.axes.hasSuffix("SYX") ? "SYX" : stack.axes.hasSuffix("YXS") ? "YXS" : "YX"
            guard stack.axes.hasSuffix(pageAxes) else {
                throw .writeFailed(path: path, detail: "axes '\(stack.axes)' must end in YX, YXS or SYX")
            }
            let order: [Character] = ["T", "Z", "C"]
            var last = -1
            var extents: [Character: Int] = [:]
            for (axis, extent) in zip(stack.axes.dropLast(pageAxes.count), stack.shape) {
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
            isPlanar = pageAxes == "SYX"
            switch pageAxes {
            case "SYX": (samples, height, width) = (page[0], page[1], page[2])
            case "YXS": (height, width, samples) = (page[0], page[1], page[2])
            default: (height, width, samples) = (page[0], page[1], 1)
            }
            guard width <= Int(UInt32.max), height <= Int(UInt32.max), samples <= Int(UInt16.max) else {
                throw .writeFailed(path: path, detail: "page \(width)x\(height)x\(samples) is too large for TIFF")
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

    /// Header plus every IFD (with its out-of-line values), padded so pixel data starts on a
    /// 16-byte boundary right after it.
    static func headerAndDirectories(_ stack: ImageStack, layout: PageLayout, description: String, isBigTIFF: Bool) -> [UInt8] {
        // Sizes do not depend on the offsets' values, so a dry run gives the data offset.
        let dryRun = encode(stack, layout: layout, description: description, isBigTIFF: isBigTIFF, dataStart: 0)
        let dataStart = (dryRun.count + 15) / 16 * 16
        var bytes = encode(stack, layout: layout, description: description, isBigTIFF: isBigTIFF, dataStart: dataStart)
        bytes.append(contentsOf: [UInt8](repeating: 0, count: dataStart - bytes.count))
        return bytes
    }

    private static func encode(_ stack: ImageStack, layout: PageLayout, description: String, isBigTIFF: Bool, dataStart: Int) -> [UInt8] {
        var out = TIFFByteWriter(isBigTIFF: isBigTIFF)
        out.header()
        let samples = layout.samples
        let isColour = (samples == 3 || samples == 4) && (stack.dtype == .uint8 || stack.dtype == .uint16)
        let stripBytes = layout.frameBytes / layout.stripsPerPage
        let calibration = stack.calibration
        for page in 0..<layout.pageCount {
            var entries: [TIFFByteWriter.Entry] = [
                .long(256, [UInt64(layout.width)]), .long(257, [UInt64(layout.height)]),
                .short(258, [UInt16](repeating: UInt16(stack.dtype.bitsPerSample), count: samples)),
                .short(259, [1]), .short(262, [isColour ? 2 : 1]),
                .offsets(273, (0..<layout.stripsPerPage).map { UInt64(dataStart + page * layout.frameBytes + $0 * stripBytes) }),
                .short(277, [UInt16(samples)]), .long(278, [UInt64(layout.height)]),
                .offsets(279, [UInt64](repeating: UInt64(stripBytes), count: layout.stripsPerPage)),
                .short(284, [layout.isPlanar ? 2 : 1]),
                .ascii(305, "Operando \(ImageFilesModule.name)"),
                .short(339, [UInt16](repeating: UInt16(stack.dtype.tiffSampleFormat), count: samples)),
            ]
            if page == 0 { entries.append(.ascii(270, description)) }
            if let size = calibration.pixelSize, size > 0, size.isFinite {
                entries.append(.rational(282, 1 / size))
                entries.append(.rational(283, 1 / (calibration.pixelSizeY ?? size)))
                entries.append(.short(296, [1]))
            }
            let extra = samples - (isColour ? 3 : 1)
            if extra > 0 { entries.append(.short(338, [UInt16](repeating: isColour ? 2 : 0, count: extra))) }
            out.directory(entries.sorted { $0.tag < $1.tag }, isLast: page == layout.pageCount - 1)
        }
        return out.bytes
    }
}
