import Foundation
import ProjectStore

/// Maps any error to a sysexits code and a one-line message for the CLI.
public enum ErrorClassification {
    public static func classify(_ error: any Error) -> (code: Int32, message: String) {
        switch error {
        case let error as OperandoError: return (error.code.rawValue, error.message)
        case let error as StoreError:
            switch error {
            case .notFound: return (OperandoError.Code.noInput.rawValue, error.description)
            case .ambiguous, .writeRefused: return (OperandoError.Code.usage.rawValue, error.description)
            }
        case let error as FileWriteError: return (OperandoError.Code.ioError.rawValue, error.description)
        case let error as BlobError: return (OperandoError.Code.dataError.rawValue, error.description)
        default:
            if let classified = extraClassifiers.lazy.compactMap({ $0(error) }).first { return classified }
            return (OperandoError.Code.software.rawValue, String(describing: error))
        }
    }

    /// Module-specific mappings (image files, preprocessing, simulation errors are data errors).
    nonisolated(unsafe) static var extraClassifiers: [(any Error) -> (Int32, String)?] = []
}
