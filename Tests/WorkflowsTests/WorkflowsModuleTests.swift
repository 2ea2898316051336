import Testing
@testable import Workflows

struct WorkflowsModuleTests {
    @Test func moduleNameIsStable() { #expect(WorkflowsModule.name == "Workflows") }
}
