import Foundation
import Testing

/// The dependency table of Docs/architecture.md, executable: every `import` in
/// `Sources/<Module>/**/*.swift` must be allowed for that module.
struct ImportRulesTests {
    static let system: Set<String> = ["Glibc", "Dispatch", "Synchronization", "Darwin"]
    static let allowed: [String: Set<String>] = [
        "Hashing": ["CSHA256"],
        "Tensor": ["COpenBLAS"],
        "Autodiff": ["Tensor"],
        "NN": ["Autodiff", "Tensor", "Foundation"],
        "E3DLSTM": ["NN", "Autodiff", "Tensor", "Foundation"],
        "PhaseField": ["Tensor"],
        "Preprocessing": ["Tensor"],
        "ImageFiles": ["Tensor", "CTIFF", "Foundation", "Hashing"],
        "ProjectStore": ["GRDB", "Foundation", "Hashing"],
        "Inference": ["Autodiff", "Tensor", "Foundation"],
        "Workflows": [
            "Tensor", "Autodiff", "NN", "E3DLSTM", "PhaseField", "ImageFiles", "Preprocessing",
            "ProjectStore", "Inference", "Hashing", "Foundation",
        ],
        "operando": ["Workflows", "ProjectStore", "ArgumentParser", "Foundation"],
        "TestSupport": ["Tensor", "Autodiff", "Testing", "Foundation"],
    ]

    static var sourcesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
    }

    /// Module names imported by one Swift source text (`import X`, `public import X`, `@testable import X`).
    static func imports(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
            guard let index = words.firstIndex(of: "import"), index + 1 < words.count else { return nil }
            let before = words[..<index]
            guard before.allSatisfy({ ["public", "internal", "package", "private", "fileprivate", "@testable", "@preconcurrency"].contains(String($0)) }) else { return nil }
            return String(words[index + 1].split(separator: ".")[0])
        }
    }

    @Test(arguments: Array(allowed.keys).sorted())
    func moduleImportsOnlyWhatTheTableAllows(_ module: String) throws {
        let folder = Self.sourcesDirectory.appendingPathComponent(module)
        let files = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        var swiftFileCount = 0
        for case let url as URL in files where url.pathExtension == "swift" {
            swiftFileCount += 1
            let text = try String(contentsOf: url, encoding: .utf8)
            for imported in Self.imports(in: text) where !Self.system.contains(imported) {
                #expect(Self.allowed[module]!.contains(imported), "\(module)/\(url.lastPathComponent) imports \(imported)")
            }
        }
        #expect(swiftFileCount > 0, "no Swift files found for \(module)")
    }

    @Test func parserSeesEveryImportForm() {
        let text = "import A\npublic import B\n@testable import C\ninternal import D.Sub\n// import E\nlet s = \"import F\""
        #expect(Self.imports(in: text) == ["A", "B", "C", "D"])
    }
}
