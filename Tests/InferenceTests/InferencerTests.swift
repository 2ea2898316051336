import Inference
import Tensor
import Testing

struct InferencerTests {
    static let model = StarForwardModel()
    static let design = BankDesign(prior: 0.8...2.4, count: 12, replicates: 3, nuisances: ["nucleusRadius": 1.5...2.5], seed: 11)

    @Test func recoversTrueValueWithinIntervals() throws {
        let start = ContinuousClock.now
        let bank = try SimulationBank.build(model: Self.model, design: Self.design)
        print("bank", ContinuousClock.now - start)
        var options = InferenceOptions()
        options.gridCount = 121
        options.shiftStep = 0.5
        options.maximumTimeShift = 3
        let inferencer = try Inferencer(bank: bank, options: options)
        print("fit", ContinuousClock.now - start, 0)
        for (index, truth) in [1.0, 1.3, 1.6, 1.9, 2.2].enumerated() {
            let frames = try Self.model.simulate(parameters: ["K": truth, "nucleusRadius": 2.2], seed: 1000 + UInt64(index))
            let result = try inferencer.infer(observed: frames)
            print(truth, result.mean, result.interval68, result.interval95, result.goodnessOfFit, result.flags.raised, result.timeShift)
        }
        print("total", ContinuousClock.now - start)
    }
}
