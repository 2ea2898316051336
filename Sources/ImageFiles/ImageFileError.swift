/// Errors thrown while reading or writing image files. Each case names the file and the defect;
/// `description` adds what the user can do about it.
public enum ImageFileError: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened or read at the operating-system level.
    case cannotOpen(path: String, reason: String)
    /// The bytes are not a TIFF at all (empty, bad byte-order mark, unknown version, another format).
    case notTIFF(path: String, reason: String)
    /// The file ends before data it points to (an IFD, a strip or tile, ImageJ contiguous data).
    case truncated(path: String, detail: String)
    /// The TIFF structure is broken: missing required tags, IFD loops, bogus counts, libtiff errors.
    case malformed(path: String, detail: String)
    /// A valid TIFF feature this reader does not decode (bit depth, compression, photometric).
    case unsupported(path: String, detail: String)
    /// A declared size exceeds a `ReadLimits` bound; nothing was allocated.
    case exceedsLimits(path: String, detail: String)
    /// Pages that would form one array disagree in shape or sample type.
    case inconsistentPages(path: String, page: Int, found: String, expected: String)
    /// Compressed data failed to decode.
    case decodeFailed(path: String, page: Int, detail: String)
    /// ImageJ or OME metadata contradicts the file's pages.
    case metadataMismatch(path: String, detail: String)
    /// Writing failed (I/O error or a stack the writer cannot encode).
    case writeFailed(path: String, detail: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .cannotOpen(let path, _), .notTIFF(let path, _), .truncated(let path, _),
            .malformed(let path, _), .unsupported(let path, _), .exceedsLimits(let path, _),
            .inconsistentPages(let path, _, _, _), .decodeFailed(let path, _, _),
            .metadataMismatch(let path, _), .writeFailed(let path, _):
            path
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open '\(path)': \(reason). Check the path and its read permission."
        case .notTIFF(let path, let reason):
            "'\(path)' is not a TIFF (\(reason)). Export the images as TIFF (e.g. File > Save As > Tiff… in Fiji)."
        case .truncated(let path, let detail):
            "'\(path)' is truncated: \(detail). The file was probably cut during a copy or an interrupted acquisition; copy it again from the source."
        case .malformed(let path, let detail):
            "'\(path)' is a malformed TIFF: \(detail). Re-save it with Fiji or tifffile, or re-export it from the acquisition software."
        case .unsupported(let path, let detail):
            "'\(path)' uses an unsupported TIFF feature: \(detail). Convert it to 8/16/32-bit integer or 32/64-bit float grayscale/RGB with an uncompressed, LZW, deflate or zstd encoding (e.g. in Fiji)."
        case .exceedsLimits(let path, let detail):
            "'\(path)' exceeds the read limits: \(detail). If the file is genuine, raise the matching ReadLimits value; otherwise the header is corrupt."
        case .inconsistentPages(let path, let page, let found, let expected):
            "'\(path)': page \(page) is \(found), page 0 is \(expected); pages of different shape or type cannot form one stack. Split the file into series of equal pages."
        case .decodeFailed(let path, let page, let detail):
            "'\(path)': decode error in page \(page): \(detail). The compressed data is corrupt; copy the file again or re-export it."
        case .metadataMismatch(let path, let detail):
            "'\(path)': \(detail). Fix or remove the ImageJ/OME description (e.g. re-save in Fiji), or check that the file is complete."
        case .writeFailed(let path, let detail):
            "cannot write '\(path)': \(detail). Check free disk space and write permission."
        }
    }
}
