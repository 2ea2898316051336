import Foundation

/// The shared TIFF corpus (good/ and bad/ with manifest.json), read in place at
/// `<package root>/../shared/tiff-corpus` (worktrees one level deeper are also searched;
/// `OPERANDO_TIFF_CORPUS` overrides).
enum TIFFCorpus {
    static var directory: URL? {
        if let override = ProcessInfo.processInfo.environment["OPERANDO_TIFF_CORPUS"] {
            return URL(fileURLWithPath: override)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            packageRoot.deletingLastPathComponent().appendingPathComponent("shared/tiff-corpus"),
            packageRoot.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/tiff-corpus"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("good/manifest.json").path) }
    }

    /// The `files` entries of `<kind>/manifest.json` (kind: good or bad).
    static func entries(_ kind: String) -> [[String: Any]] {
        guard let directory,
            let data = try? Data(contentsOf: directory.appendingPathComponent("\(kind)/manifest.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let files = object["files"] as? [[String: Any]]
        else { return [] }
        return files
    }

    static func fileNames(_ kind: String) -> [String] { entries(kind).compactMap { $0["file"] as? String } }

    static func entry(_ kind: String, _ name: String) -> [String: Any]? { entries(kind).first { $0["file"] as? String == name } }

    static func path(_ kind: String, _ name: String) -> String {
        directory!.appendingPathComponent("\(kind)/\(name)").path
    }
}
