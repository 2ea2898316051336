import Testing
@testable import ProjectStore

struct ProjectStoreModuleTests {
    @Test func moduleNameIsStable() { #expect(ProjectStoreModule.name == "ProjectStore") }
}
