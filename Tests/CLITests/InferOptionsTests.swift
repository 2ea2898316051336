import ArgumentParser
import Testing
@testable import operando

struct InferOptionsTests {
    @Test(arguments: [
        (["--engine", "surrogate"], "--engine surrogate needs --model"),
        (["--model", "w"], "--model is only used with --engine surrogate"),
        (["--engine", "emulator", "--model", "w"], "--engine must be simulator or surrogate"),
    ])
    func engineAndModelMustGoTogether(_ arguments: [String], _ message: String) {
        #expect {
            _ = try Operando.parseAsRoot(["infer", "--stack", "s"] + arguments)
        } throws: { error in
            Operando.exitCode(for: error) == .validationFailure && Operando.message(for: error).contains(message)
        }
    }

    @Test func surrogateWithModelParses() throws {
        let command = try #require(try Operando.parseAsRoot(["infer", "--stack", "s", "--engine", "surrogate", "--model", "w"]) as? Operando.Infer)
        #expect(command.engine == "surrogate" && command.model == "w")
        #expect(try Operando.parseAsRoot(["infer", "--stack", "s"]) is Operando.Infer)
    }
}
