import Testing
@testable import Preprocessing

struct PreprocessingModuleTests {
    @Test func moduleNameIsStable() { #expect(PreprocessingModule.name == "Preprocessing") }
}
