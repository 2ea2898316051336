import ArgumentParser
import Foundation
import Workflows

/// Runs a command body; a thrown error is printed once to stderr as `operando: error: …` and
/// turned into its sysexits code (see `OperandoError`).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        let (code, message) = ErrorClassification.classify(error)
        FileHandle.standardError.write(Data("operando: error: \(message)\n".utf8))
        throw ExitCode(code)
    }
}

/// Prints a value as pretty JSON on stdout.
func printJSON(_ value: some Encodable) throws {
    print(try JSON.pretty(value))
}
