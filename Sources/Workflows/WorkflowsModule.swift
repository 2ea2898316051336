/// The `Workflows` module: the composition root that joins disk, store and compute.
public enum WorkflowsModule {
    public static let name = "Workflows"
}
