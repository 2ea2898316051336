public import Foundation
public import Tensor

/// Reads and writes the safetensors format (Hugging Face), F32 tensors only.
///
/// Layout of a file:
/// ```
/// [8 bytes: header length N, unsigned little-endian]
/// [N bytes: UTF-8 JSON  {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …,
///                         "__metadata__": {"key": "value"}}]
/// [data: raw little-endian elements; offsets are relative to the start of this section]
/// ```
/// Files written here load with `safetensors.torch.load_file` (and NumPy's `load_file`): tensors are
/// stored in name order, contiguously, and the header is padded with spaces to a multiple of 8 bytes
/// as the reference writer does. Files from `safetensors.torch.save_file` load here if their
/// tensors are float32.
///
/// ```swift
/// try Safetensors.write(model.parameterTensors, to: url)
/// try model.loadParameters(Safetensors.read(from: url).tensors)
/// ```
public enum Safetensors {
    /// Largest header accepted (the reference implementation's limit).
    static let maximumHeaderLength = 100_000_000

    /// Serialises tensors and string metadata to safetensors bytes.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) -> Data {
        let names = tensors.keys.sorted()
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for name in names {
            let tensor = tensors[name]!
            let byteCount = 4 * tensor.count
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\(jsonString(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + byteCount)]}")
            offset += byteCount
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var data = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        for name in names { data.append(contentsOf: tensors[name]!.littleEndianFloat32Bytes) }
        return data
    }

    /// Parses safetensors bytes.
    /// - Parameter path: names the source in error messages.
    /// - Throws: `NNError.truncatedFile`, `.malformedHeader`, `.badOffsets`, `.unsupportedDType`.
    public static func decode(_ data: Data, path: String = "<memory>") throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw NNError.truncatedFile(path: path, byteCount: bytes.count, needed: 8) }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
        guard headerLength <= UInt64(maximumHeaderLength) else {
            throw NNError.malformedHeader(path: path, reason: "header length \(headerLength) exceeds \(maximumHeaderLength) bytes")
        }
        let headerEnd = 8 + Int(headerLength)
        guard bytes.count >= headerEnd else { throw NNError.truncatedFile(path: path, byteCount: bytes.count, needed: headerEnd) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        } catch {
            throw NNError.malformedHeader(path: path, reason: "not valid JSON")
        }
        guard let header = object as? [String: Any] else { throw NNError.malformedHeader(path: path, reason: "not a JSON object") }
        let dataSize = bytes.count - headerEnd
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let pairs = value as? [String: Any] else {
                    throw NNError.malformedHeader(path: path, reason: "__metadata__ is not an object")
                }
                for (key, entry) in pairs {
                    guard let text = entry as? String else {
                        throw NNError.malformedHeader(path: path, reason: "__metadata__ value for '\(key)' is not a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = integers(entry["shape"]), let offsets = integers(entry["data_offsets"]), offsets.count == 2,
                shape.allSatisfy({ $0 >= 0 })
            else {
                throw NNError.malformedHeader(path: path, reason: "entry '\(name)' needs dtype, shape and two data_offsets")
            }
            guard dtype == "F32" else { throw NNError.unsupportedDType(path: path, name: name, dtype: dtype) }
            let expectedBytes = 4 * shape.reduce(1, *)
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataSize, end - begin == expectedBytes else {
                throw NNError.badOffsets(path: path, name: name, begin: begin, end: end, dataSize: dataSize, expectedBytes: expectedBytes)
            }
            tensors[name] = Tensor(littleEndianFloat32: Array(bytes[(headerEnd + begin)..<(headerEnd + end)]), shape: shape)
        }
        return (tensors, metadata)
    }

    /// Writes tensors (and metadata) to a file, replacing it atomically.
    /// - Throws: `NNError.io` when the file cannot be written.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        do {
            try encode(tensors, metadata: metadata).write(to: url, options: .atomic)
        } catch {
            throw NNError.io(path: url.path, reason: "cannot write (\(error))")
        }
    }

    /// Reads a safetensors file.
    /// - Throws: `NNError.io` when unreadable, otherwise as `decode`.
    public static func read(from url: URL) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw NNError.io(path: url.path, reason: "cannot read (\(error))")
        }
        return try decode(data, path: url.path)
    }

    /// Non-negative integers from a JSON array, or nil.
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var result: [Int] = []
        for element in array {
            guard let number = element as? NSNumber, number.doubleValue == Double(number.intValue) else { return nil }
            result.append(number.intValue)
        }
        return result
    }

    /// A JSON string literal with the required escapes.
    private static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped + "\""
    }
}
