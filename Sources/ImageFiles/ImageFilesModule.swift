/// The `ImageFiles` module: TIFF import/export through libtiff, ImageJ/OME metadata, SHA-256.
/// See Docs/tiff-import.md for the reader's contract and Docs/architecture.md for its place in
/// the dependency graph.
public enum ImageFilesModule {
    /// Module name, used by provenance records to cite the code that produced an artifact.
    public static let name = "ImageFiles"
}
