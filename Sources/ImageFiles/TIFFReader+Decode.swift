internal import CTIFF
import Dispatch
import Foundation

extension TIFFReader {
    /// Decodes every page into one buffer of `pages · frameBytes` bytes.
    ///
    /// Pages are split into contiguous ranges, one per core, each decoded through its own libtiff
    /// handle into its own region of the (uninitialised, so untouched until written) buffer.
    static func decodeAllPages(path: String, layouts: [TIFFPageLayout], allocationCap: Int) throws(ImageFileError) -> [UInt8] {
        let frameBytes = layouts[0].frameBytes
        let total = layouts.count * frameBytes
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let workers = total >= 4 << 20 ? min(cores, layouts.count) : 1
        let failures = FailureList()
        let data = [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let base = SendableBuffer(base: UnsafeMutableRawPointer(buffer.baseAddress!))
            let decodeRange: @Sendable (Int) -> Void = { worker in
                let pages = (layouts.count * worker / workers)..<(layouts.count * (worker + 1) / workers)
                do throws(ImageFileError) {
                    try decodePages(pages, path: path, layouts: layouts, into: base.base, frameBytes: frameBytes,
                        allocationCap: allocationCap, shouldStop: { failures.isEmpty == false })
                } catch { failures.append(error) }
            }
            if workers == 1 { decodeRange(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: decodeRange) }
            count = failures.isEmpty ? total : 0
        }
        if let failure = failures.first { throw failure }
        return data
    }

    /// Decodes `pages` through a fresh handle; page `p` lands at `base + p · frameBytes`.
    private static func decodePages(
        _ pages: Range<Int>, path: String, layouts: [TIFFPageLayout], into base: UnsafeMutableRawPointer,
        frameBytes: Int, allocationCap: Int, shouldStop: () -> Bool
    ) throws(ImageFileError) {
        guard !pages.isEmpty else { return }
        let handle = try TIFFHandle(path: path, maximumSingleAllocation: allocationCap)
        if pages.lowerBound > 0 {
            let status = TIFFSetDirectory(handle.tiff, tdir_t(pages.lowerBound))
            try handle.check("seeking to IFD \(pages.lowerBound)")
            guard status == 1 else { throw .malformed(path: path, detail: "libtiff could not seek to IFD \(pages.lowerBound)") }
        }
        for page in pages {
            if shouldStop() { return }
            if page > pages.lowerBound {
                let status = TIFFReadDirectory(handle.tiff)
                try handle.check("reading IFD \(page)")
                guard status == 1 else { throw .malformed(path: path, detail: "libtiff could not read IFD \(page)") }
            }
            let layout = layouts[page]
            let destination = base + page * frameBytes
            if layout.isTiled {
                try decodeTiles(handle, layout: layout, page: page, into: destination)
            } else {
                try decodeStrips(handle, layout: layout, page: page, into: destination)
            }
        }
    }

    /// Strips: strip `s` holds rows `(s mod n)·rps ..< min(+rps, height)` of plane `s / n`, so they
    /// decode straight into place; each must yield exactly its rows' bytes.
    private static func decodeStrips(_ handle: TIFFHandle, layout: TIFFPageLayout, page: Int, into destination: UnsafeMutableRawPointer) throws(ImageFileError) {
        let perPlane = (layout.height + layout.rowsPerStrip - 1) / layout.rowsPerStrip
        let planeBytes = layout.rowBytes * layout.height
        for strip in 0..<layout.strileCount {
            let plane = strip / perPlane, firstRow = (strip % perPlane) * layout.rowsPerStrip
            let expected = min(layout.rowsPerStrip, layout.height - firstRow) * layout.rowBytes
            let target = destination + plane * planeBytes + firstRow * layout.rowBytes
            let produced = TIFFReadEncodedStrip(handle.tiff, UInt32(strip), target, tmsize_t(expected))
            try handle.check("strip \(strip)", page: page)
            guard produced == expected else {
                throw .decodeFailed(path: handle.path, page: page, detail: "strip \(strip) decoded to \(produced) bytes, expected \(expected)")
            }
        }
    }

    /// Tiles: decoded whole into a scratch tile, then the part inside the image (edge tiles are
    /// partial) is copied row by row.
    private static func decodeTiles(_ handle: TIFFHandle, layout: TIFFPageLayout, page: Int, into destination: UnsafeMutableRawPointer) throws(ImageFileError) {
        let pixelBytes = layout.rowBytes / layout.width
        let tileRowBytes = layout.tileWidth * pixelBytes
        let tileBytes = tileRowBytes * layout.tileLength
        let planeBytes = layout.rowBytes * layout.height
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: tileBytes, alignment: 16)
        defer { scratch.deallocate() }
        for plane in 0..<layout.planeCount {
            for y in stride(from: 0, to: layout.height, by: layout.tileLength) {
                for x in stride(from: 0, to: layout.width, by: layout.tileWidth) {
                    let tile = TIFFComputeTile(handle.tiff, UInt32(x), UInt32(y), 0, UInt16(plane))
                    let produced = TIFFReadEncodedTile(handle.tiff, tile, scratch, tmsize_t(tileBytes))
                    try handle.check("tile \(tile)", page: page)
                    guard produced == tileBytes else {
                        throw .decodeFailed(path: handle.path, page: page, detail: "tile \(tile) decoded to \(produced) bytes, expected \(tileBytes)")
                    }
                    let rows = min(layout.tileLength, layout.height - y)
                    let copyBytes = min(layout.tileWidth, layout.width - x) * pixelBytes
                    for row in 0..<rows {
                        let target = destination + plane * planeBytes + (y + row) * layout.rowBytes + x * pixelBytes
                        target.copyMemory(from: scratch + row * tileRowBytes, byteCount: copyBytes)
                    }
                }
            }
        }
    }
}

/// A raw pointer handed to worker threads that write disjoint regions.
private struct SendableBuffer: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
}

/// Errors collected from worker threads.
private final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [ImageFileError] = []

    func append(_ error: ImageFileError) { lock.withLock { errors.append(error) } }
    var isEmpty: Bool { lock.withLock { errors.isEmpty } }
    var first: ImageFileError? { lock.withLock { errors.first } }
}
