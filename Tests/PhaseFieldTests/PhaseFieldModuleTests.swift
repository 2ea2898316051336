import Testing
@testable import PhaseField

struct PhaseFieldModuleTests {
    @Test func moduleNameIsStable() { #expect(PhaseFieldModule.name == "PhaseField") }
}
