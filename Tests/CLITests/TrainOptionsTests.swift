import ArgumentParser
import Testing
@testable import operando

struct TrainOptionsTests {
    @Test func samplingStepsMustBePositive() {
        #expect {
            _ = try Operando.parseAsRoot(["train", "--dataset", "d", "--sampling-steps", "0"])
        } throws: { error in
            Operando.exitCode(for: error) == .validationFailure && Operando.message(for: error).contains("--sampling-steps")
        }
    }

    @Test func samplingStepsDefaultToNilAndParse() throws {
        let plain = try #require(try Operando.parseAsRoot(["train", "--dataset", "d"]) as? Operando.Train)
        let set = try #require(try Operando.parseAsRoot(["train", "--dataset", "d", "--sampling-steps", "300"]) as? Operando.Train)
        #expect(plain.samplingSteps == nil && set.samplingSteps == 300)
    }
}
