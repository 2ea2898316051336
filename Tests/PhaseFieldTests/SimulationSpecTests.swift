import Foundation
import Tensor
import Testing
import PhaseField

struct SimulationSpecTests {
    @Test(arguments: PhenomenonKind.allCases)
    func sampledSpecsValidateAndRoundTripThroughJSON(_ kind: PhenomenonKind) throws {
        var generator = SplitMix64(seed: 21)
        let spec = SimulationSpec.sample(kind, using: &generator)
        #expect(spec.kind == kind)
        try spec.validate()
        let json = try JSONEncoder().encode(spec)
        #expect(try JSONDecoder().decode(SimulationSpec.self, from: json) == spec)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["model"] as? String == kind.rawValue)
        #expect(SimulationSpec.defaults(for: kind).kind == kind)
    }

    @Test func runDispatchesToTheModelAndMatchesItsShape() throws {
        var parameters = SpinodalParameters(composition: 0.25)
        parameters.gridSize = 12
        parameters.frameCount = 2
        parameters.stepsPerFrame = 3
        let spec = SimulationSpec.spinodal(parameters)
        let viaSpec = try spec.run(seed: 5)
        #expect(viaSpec.frames.shape == spec.frameShape)
        #expect(viaSpec == (try SpinodalSimulator(parameters).run(seed: 5)))
        #expect(PhenomenonKind(rawValue: "grain-growth") == .grainGrowth)
        #expect(DendriteSimulator.kind == .dendrite)
    }

    @Test func missingJSONKeysKeepTheDefaults() throws {
        let json = #"{"model": "dendrite", "parameters": {"latentHeat": 2.1, "nucleus": {"shape": "ellipse", "radiusY": 0.2}}}"#
        let spec = try JSONDecoder().decode(SimulationSpec.self, from: Data(json.utf8))
        var expected = DendriteParameters(latentHeat: 2.1)
        expected.nucleus = DendriteNucleus(shape: .ellipse, radiusX: 0.15, radiusY: 0.2)
        #expect(spec == .dendrite(expected))
        let empty = Data("{}".utf8)
        #expect(try JSONDecoder().decode(SpinodalParameters.self, from: empty) == SpinodalParameters())
        #expect(try JSONDecoder().decode(GrainGrowthParameters.self, from: empty) == GrainGrowthParameters())
        #expect(try JSONDecoder().decode(PlaneWaveParameters.self, from: empty) == PlaneWaveParameters())
    }
}
