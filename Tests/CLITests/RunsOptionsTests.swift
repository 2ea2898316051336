import ArgumentParser
import Testing
@testable import operando

struct RunsOptionsTests {
    /// A descending sort key starts with a dash and must still be read as --sort's value.
    @Test(arguments: [(["--sort", "-K"], "-K"), (["--sort=-K"], "-K"), (["--sort", "K"], "K"), ([], "started")])
    func sortTakesADashPrefixedKey(_ arguments: [String], _ expected: String) throws {
        let command = try #require(try Operando.parseAsRoot(["runs"] + arguments) as? Operando.Runs)
        #expect(command.sort == expected)
    }

    @Test func theOptionAfterSortIsStillParsed() throws {
        let command = try #require(try Operando.parseAsRoot(["runs", "--sort", "-K", "--kind", "infer"]) as? Operando.Runs)
        #expect(command.sort == "-K" && command.kind == "infer")
    }
}
