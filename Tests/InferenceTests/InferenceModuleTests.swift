import Testing
@testable import Inference

struct InferenceModuleTests {
    @Test func moduleNameIsStable() { #expect(InferenceModule.name == "Inference") }
}
