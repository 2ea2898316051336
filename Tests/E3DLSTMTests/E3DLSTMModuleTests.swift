import Testing
@testable import E3DLSTM

struct E3DLSTMModuleTests {
    @Test func moduleNameIsStable() { #expect(E3DLSTMModule.name == "E3DLSTM") }
}
