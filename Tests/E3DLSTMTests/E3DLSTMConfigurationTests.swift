import Foundation
import Testing
@testable import E3DLSTM

struct E3DLSTMConfigurationTests {
    @Test func defaultsAreThePaperModel() throws {
        let configuration = E3DLSTMConfiguration()
        try configuration.validate()
        #expect(configuration.layers == 4 && configuration.hiddenChannels == 64 && configuration.patchSize == 4)
        #expect(configuration.cellInputChannels(layer: 0) == 2 * 16 && configuration.cellInputChannels(layer: 1) == 64)
        #expect(configuration.clipLength == 20)
    }

    @Test func rejectsValuesOutOfRange() {
        var even = E3DLSTMConfiguration()
        even.kernelSize = 4
        #expect(throws: E3DLSTMError.self) { try even.validate() }
        var noHistory = E3DLSTMConfiguration()
        noHistory.historyLength = 0
        #expect(throws: E3DLSTMError.self) { try noHistory.validate() }
        var both = E3DLSTMConfiguration()
        both.massConserving = true
        both.clampsOutput = true
        #expect(throws: E3DLSTMError.self) { try both.validate() }
    }

    @Test func roundTripsThroughJSON() throws {
        let configuration = E3DLSTMConfiguration(layers: 2, hiddenChannels: 16, historyLength: 3, massConserving: true)
        let decoded = try JSONDecoder().decode(E3DLSTMConfiguration.self, from: JSONEncoder().encode(configuration))
        #expect(decoded == configuration)
        #expect(!decoded.clampsOutput, "mass conservation switches clamping off")
    }
}
