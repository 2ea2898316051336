/// The `ProjectStore` module: the SQLite provenance store of one project.
public enum ProjectStoreModule {
    public static let name = "ProjectStore"
}
