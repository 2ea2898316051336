/// The `ImageFiles` module. See Docs/architecture.md for its place in the dependency graph.
public enum ImageFilesModule {
    /// Module name, used by provenance records to cite the code that produced an artifact.
    public static let name = "ImageFiles"
}
