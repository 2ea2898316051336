import Inference
import Synchronization
import Testing

struct SimulationBankTests {
    @Test func buildIsReproducibleAndReportsProgress() throws {
        let design = BankDesign(prior: 1...2, count: 4, replicates: 2, nuisances: ["nucleusRadius": 1.5...2.5], seed: 5)
        let calls = Mutex(0), last = Mutex(0)
        let bank = try SimulationBank.build(model: Fixtures.model, design: design, label: "x") { progress in
            calls.withLock { $0 += 1 }
            last.withLock { $0 = max($0, progress.completed) }
            #expect(progress.total == 8)
        }
        #expect(calls.withLock { $0 } == 8 && last.withLock { $0 } == 8)
        let expected: [Double] = [1, 1, 4.0 / 3, 4.0 / 3, 5.0 / 3, 5.0 / 3, 2, 2]
        let values = bank.runs.map(\.value)
        #expect(zip(values, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        // Same design point → same seed and nuisance draw → identical summaries, independently of
        // the order the parallel workers ran in.
        let again = try SimulationBank.build(model: Fixtures.model, design: design)
        #expect(again.runs == bank.runs)
        #expect(bank.runs[0].seed != bank.runs[1].seed)
        #expect(bank.frameCount == Fixtures.model.frames && bank.imageShape == [32, 32])
        let radii = bank.runs.map { $0.parameters["nucleusRadius"]! }
        #expect(radii.allSatisfy { (1.5...2.5).contains($0) } && Set(radii).count == 8)
    }

    @Test func rejectsUnknownParameters() {
        let design = BankDesign(parameter: "latentHeat", prior: 1...2, count: 4, replicates: 1)
        #expect(throws: InferenceError.unknownParameter(name: "latentHeat", known: ["K", "nucleusRadius"])) {
            try SimulationBank.build(model: Fixtures.model, design: design)
        }
    }
}
