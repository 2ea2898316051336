/// The `Inference` module. See Docs/architecture.md for its place in the dependency graph.
public enum InferenceModule {
    /// Module name, used by provenance records to cite the code that produced an artifact.
    public static let name = "Inference"
}
