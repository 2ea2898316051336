/// A failure a user can act on, with the sysexits code the CLI exits with.
///
/// | code | name | when |
/// |---|---|---|
/// | 64 | usage | bad flags or arguments |
/// | 65 | dataError | the input file or stack is malformed or not what the command needs |
/// | 66 | noInput | an input file, artifact or project does not exist |
/// | 70 | software | an internal error (a bug: please report it) |
/// | 73 | cannotCreate | the output cannot be created (exists already, no permission) |
/// | 74 | ioError | reading or writing failed (disk full, I/O error) |
public struct OperandoError: Error, CustomStringConvertible, Sendable {
    public enum Code: Int32, Sendable {
        case usage = 64, dataError = 65, noInput = 66, software = 70, cannotCreate = 73, ioError = 74
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
