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
}
