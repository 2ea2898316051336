import Testing
@testable import NN

struct NNModuleTests {
    @Test func moduleNameIsStable() { #expect(NNModule.name == "NN") }
}
