import Testing
@testable import Tensor

struct TensorModuleTests {
    @Test func moduleNameIsStable() { #expect(TensorModule.name == "Tensor") }
}
