/// The `PhaseField` module. See Docs/architecture.md for its place in the dependency graph.
public enum PhaseFieldModule {
    /// Module name, used by provenance records to cite the code that produced an artifact.
    public static let name = "PhaseField"
}
