/// The container-level facts of a TIFF, checked by hand before libtiff sees the file:
/// header (byte order, classic or BigTIFF) and the chain of IFD offsets.
///
/// Walking the chain ourselves gives precise messages for the commonest real-world defects
/// (empty file, another format renamed `.tif`, a copy cut short, an IFD loop) and the offset of
/// every page, which the parallel decoder uses.
struct TIFFFileStructure: Sendable {
    /// File size in bytes.
    var fileSize: UInt64
    /// `MM` byte order.
    var isBigEndian: Bool
    /// Version 43 with 8-byte offsets.
    var isBigTIFF: Bool
    /// File offset of each IFD, in chain order.
    var ifdOffsets: [UInt64]

    /// Reads the header and walks the IFD chain.
    /// - Throws: `notTIFF` for a bad header, `truncated` for an IFD beyond the end of file,
    ///   `malformed` for a loop or an empty IFD, `exceedsLimits` beyond `limits.maximumPages`.
    static func inspect(_ file: RandomAccessFile, limits: ReadLimits) throws(ImageFileError) -> TIFFFileStructure {
        let path = file.path
        guard file.size > 0 else { throw .notTIFF(path: path, reason: "file is empty") }
        let head = try? file.bytes(at: 0, count: Int(min(file.size, 16)), what: "header")
        guard let head, head.count >= 8 else {
            throw .notTIFF(path: path, reason: "file is only \(file.size) bytes, shorter than a TIFF header")
        }
        let isBigEndian: Bool
        switch (head[0], head[1]) {
        case (0x49, 0x49): isBigEndian = false
        case (0x4D, 0x4D): isBigEndian = true
        default:
            throw .notTIFF(path: path, reason: otherFormatName(head).map { "looks like \($0)" } ?? "bad header: byte-order mark is not II or MM")
        }
        let reader = EndianReader(isBigEndian: isBigEndian)
        let version = reader.u16(head, 2)
        let isBigTIFF: Bool
        var firstOffset: UInt64
        switch version {
        case 42:
            isBigTIFF = false
            firstOffset = UInt64(reader.u32(head, 4))
        case 43:
            guard head.count >= 16, reader.u16(head, 4) == 8, reader.u16(head, 6) == 0 else {
                throw .notTIFF(path: path, reason: "bad BigTIFF header")
            }
            isBigTIFF = true
            firstOffset = reader.u64(head, 8)
        default:
            throw .notTIFF(path: path, reason: "unknown version \(version)")
        }
        let countSize: UInt64 = isBigTIFF ? 8 : 2
        let entrySize: UInt64 = isBigTIFF ? 20 : 12
        let nextSize: UInt64 = isBigTIFF ? 8 : 4
        guard firstOffset != 0 else { throw .malformed(path: path, detail: "the header points to no IFD (first IFD offset 0)") }
        guard firstOffset < file.size else {
            throw .truncated(path: path, detail: "first IFD offset \(firstOffset) beyond end of file (\(file.size) bytes)")
        }
        var offsets: [UInt64] = []
        var visited: [UInt64: Int] = [:]
        var offset = firstOffset
        while offset != 0 {
            let index = offsets.count
            if let earlier = visited[offset] {
                throw .malformed(path: path, detail: "IFD loop: IFD \(index - 1) points back to IFD \(earlier) at offset \(offset)")
            }
            guard offset < file.size, countSize <= file.size - offset else {
                throw .truncated(path: path, detail: "IFD \(index) offset \(offset) past end of file (\(file.size) bytes)")
            }
            guard index < limits.maximumPages else {
                throw .exceedsLimits(path: path, detail: "more than \(limits.maximumPages) pages (ReadLimits.maximumPages)")
            }
            let countBytes = try file.bytes(at: offset, count: Int(countSize), what: "IFD \(index) entry count")
            let entryCount = isBigTIFF ? reader.u64(countBytes, 0) : UInt64(reader.u16(countBytes, 0))
            guard entryCount > 0 else { throw .malformed(path: path, detail: "IFD \(index) has no entries") }
            guard entryCount < 1 << 20 else { throw .malformed(path: path, detail: "IFD \(index) claims \(entryCount) entries") }
            let nextPosition = offset + countSize + entryCount * entrySize
            let nextBytes = try file.bytes(at: nextPosition, count: Int(nextSize), what: "IFD \(index) (\(entryCount) entries at offset \(offset))")
            visited[offset] = index
            offsets.append(offset)
            offset = isBigTIFF ? reader.u64(nextBytes, 0) : UInt64(reader.u32(nextBytes, 0))
        }
        return TIFFFileStructure(fileSize: file.size, isBigEndian: isBigEndian, isBigTIFF: isBigTIFF, ifdOffsets: offsets)
    }

    /// A precise description of a missing required tag or zero image size in IFD `page`, read
    /// from the raw entries; used to explain libtiff's more generic complaints.
    func requiredTagDefect(_ file: RandomAccessFile, page: Int) -> String? {
        let reader = EndianReader(isBigEndian: isBigEndian)
        let offset = ifdOffsets[page]
        let countSize = isBigTIFF ? 8 : 2, entrySize = isBigTIFF ? 20 : 12
        guard let countBytes = try? file.bytes(at: offset, count: countSize, what: "IFD"),
            case let count = isBigTIFF ? Int(reader.u64(countBytes, 0)) : Int(reader.u16(countBytes, 0)),
            let entries = try? file.bytes(at: offset + UInt64(countSize), count: count * entrySize, what: "IFD")
        else { return nil }
        var values: [UInt16: UInt64] = [:]
        for index in 0..<count {
            let base = index * entrySize
            let tag = reader.u16(entries, base), type = reader.u16(entries, base + 2)
            let valueAt = base + (isBigTIFF ? 12 : 8)
            switch type {
            case 3: values[tag] = UInt64(reader.u16(entries, valueAt))
            case 4: values[tag] = UInt64(reader.u32(entries, valueAt))
            case 16 where isBigTIFF: values[tag] = reader.u64(entries, valueAt)
            default: values[tag] = UInt64.max
            }
        }
        guard let width = values[256] else { return "page \(page): missing required tag ImageWidth" }
        guard let height = values[257] else { return "page \(page): missing required tag ImageLength" }
        if width == 0 || height == 0 { return "page \(page): zero-size image (\(width) x \(height))" }
        if values[273] == nil && values[324] == nil { return "page \(page): missing required tag StripOffsets" }
        if values[279] == nil && values[325] == nil { return "page \(page): missing required tag StripByteCounts" }
        return nil
    }

    /// The name of a common non-TIFF format recognised from its first bytes.
    static func otherFormatName(_ head: [UInt8]) -> String? {
        func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && Array(head.prefix(magic.count)) == magic }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return "PNG" }
        if starts([0xFF, 0xD8, 0xFF]) { return "JPEG" }
        if starts(Array("GIF8".utf8)) { return "GIF" }
        if starts(Array("BM".utf8)) { return "BMP" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "a ZIP archive" }
        if starts(Array("%PDF".utf8)) { return "PDF" }
        if starts([0x89, 0x48, 0x44, 0x46]) { return "HDF5" }
        if starts(Array("ZISRAWFI".utf8)) { return "Zeiss CZI" }
        if starts([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) { return "a NumPy .npy file" }
        return nil
    }
}

/// Reads unsigned integers of a given byte order from a byte array.
struct EndianReader {
    var isBigEndian: Bool

    func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        let a = UInt16(bytes[at]), b = UInt16(bytes[at + 1])
        return isBigEndian ? a << 8 | b : b << 8 | a
    }

    func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        isBigEndian
            ? UInt32(u16(bytes, at)) << 16 | UInt32(u16(bytes, at + 2))
            : UInt32(u16(bytes, at + 2)) << 16 | UInt32(u16(bytes, at))
    }

    func u64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        isBigEndian
            ? UInt64(u32(bytes, at)) << 32 | UInt64(u32(bytes, at + 4))
            : UInt64(u32(bytes, at + 4)) << 32 | UInt64(u32(bytes, at))
    }
}
