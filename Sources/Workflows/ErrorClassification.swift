import Foundation
import ImageFiles
import NN
import PhaseField
import Preprocessing
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
        case let error as ImageFileError:
            switch error {
            case .cannotOpen(let path, _) where !FileManager.default.fileExists(atPath: path):
                return (OperandoError.Code.noInput.rawValue, error.description)
            case .cannotOpen: return (OperandoError.Code.ioError.rawValue, error.description)
            case .writeFailed: return (OperandoError.Code.cannotCreate.rawValue, error.description)
            default: return (OperandoError.Code.dataError.rawValue, error.description)
            }
        case let error as PreprocessingError:
            if case .invalidInput = error { return (OperandoError.Code.dataError.rawValue, error.description) }
            return (OperandoError.Code.usage.rawValue, error.description)
        case let error as SimulationError: return (OperandoError.Code.usage.rawValue, error.description)
        case let error as NNError: return (OperandoError.Code.dataError.rawValue, error.description)
        case let error as RunFilterError: return (OperandoError.Code.usage.rawValue, error.description)
        default:
            return (OperandoError.Code.software.rawValue, String(describing: error))
        }
    }
}
