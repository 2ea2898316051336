/// Errors from reading weights and optimiser state.
public enum NNError: Error, CustomStringConvertible, Equatable {
    /// The file is shorter than its 8-byte header length or than the header it announces.
    case truncatedFile(path: String, byteCount: Int, needed: Int)
    /// The header is not a JSON object of the safetensors form.
    case malformedHeader(path: String, reason: String)
    /// A tensor's data_offsets reach past the end of the data section or disagree with its shape.
    case badOffsets(path: String, name: String, begin: Int, end: Int, dataSize: Int, expectedBytes: Int)
    /// A tensor's dtype is not F32.
    case unsupportedDType(path: String, name: String, dtype: String)
    /// A parameter has no tensor of its name.
    case missingTensor(name: String)
    /// A tensor's shape differs from the parameter's.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// A tensor matches no parameter (strict loading).
    case unexpectedTensor(name: String)
    /// Reading or writing the file failed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .truncatedFile(let path, let byteCount, let needed):
            return "\(path): \(byteCount) bytes, but the safetensors header needs \(needed); the file is truncated or not safetensors — re-export it."
        case .malformedHeader(let path, let reason):
            return "\(path): malformed safetensors header (\(reason)); write it with safetensors.torch.save_file or Safetensors.write."
        case .badOffsets(let path, let name, let begin, let end, let dataSize, let expectedBytes):
            return "\(path): tensor '\(name)' has data_offsets [\(begin), \(end)] for a \(dataSize)-byte data section and \(expectedBytes) bytes of data; the file is corrupt — re-export it."
        case .unsupportedDType(let path, let name, let dtype):
            return "\(path): tensor '\(name)' has dtype \(dtype); only F32 is supported — convert with tensor.float() before saving."
        case .missingTensor(let name):
            return "checkpoint has no tensor '\(name)'; it was written by a different model configuration."
        case .shapeMismatch(let name, let expected, let found):
            return "tensor '\(name)' has shape \(found), the model expects \(expected); check the model configuration (channels, kernel size)."
        case .unexpectedTensor(let name):
            return "checkpoint tensor '\(name)' matches no parameter; load with strict: false to ignore extra tensors."
        case .io(let path, let reason):
            return "\(path): \(reason); check the path and permissions."
        }
    }
}
