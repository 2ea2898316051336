import E3DLSTM
import Testing
@testable import Workflows

struct SurrogateDefaultsTests {
    /// Scheduled sampling lasts half the run unless `--sampling-steps` says otherwise; η at a
    /// step follows from that length (1 − step / length, floored at 0).
    @Test func samplingLengthDefaultsToHalfTheRun() {
        let defaults = SurrogateDefaults.training(steps: 1000, batch: 8, learningRate: 1e-3, finalLearningRate: 1e-5, seed: 1)
        let short = SurrogateDefaults.training(steps: 1000, batch: 8, learningRate: 1e-3, finalLearningRate: 1e-5, samplingSteps: 100, seed: 1)
        #expect(defaults.samplingDecaySteps == 500 && short.samplingDecaySteps == 100)
        #expect(abs(defaults.truthProbability(atStep: 50) - 0.9) < 1e-6 && abs(short.truthProbability(atStep: 50) - 0.5) < 1e-6)
        #expect(short.truthProbability(atStep: 100) == 0 && defaults.truthProbability(atStep: 500) == 0)
    }
}
