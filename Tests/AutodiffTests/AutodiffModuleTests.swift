import Testing
@testable import Autodiff

struct AutodiffModuleTests {
    @Test func moduleNameIsStable() { #expect(AutodiffModule.name == "Autodiff") }
}
