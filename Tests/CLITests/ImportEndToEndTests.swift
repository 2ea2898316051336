import Foundation
import Testing
import TestSupport

/// The user's first path, through the real executable: init, import the corpus, list, export.
struct ImportEndToEndTests {
    struct ManifestFile: Decodable {
        var file: String
        var sha256: String?
        var shape: [Int]?
        var axes: String?
    }

    struct Manifest: Decodable { var files: [ManifestFile] }

    static func manifest(_ kind: String) throws -> [ManifestFile] {
        let data = try Data(contentsOf: OperandoProcess.corpus.appendingPathComponent("\(kind)/manifest.json"))
        return try JSONDecoder().decode(Manifest.self, from: data).files
    }

    struct StackListing: Decodable {
        struct Metadata: Decodable {
            var shape: [Int]
            var axes: String
            var arraySHA256: String
            var sourcePath: String
        }

        var id: String
        var metadata: Metadata
    }

    @Test func goodCorpusImportsListsAndExportsWithTheSameChecksum() throws {
        let folder = try TemporaryDirectory()
        #expect(try OperandoProcess.run(["init", "p"], in: folder.url).status == 0)
        let project = folder.path("p")
        let good = try Self.manifest("good")
        let paths = good.map { OperandoProcess.corpus.appendingPathComponent("good/\($0.file)").path }
        let imported = try OperandoProcess.run(["import"] + paths, in: project)
        #expect(imported.status == 0, "\(imported.stderr)")
        // Importing again stores nothing new
        let again = try OperandoProcess.run(["import"] + paths, in: project)
        #expect(again.stdout.components(separatedBy: "already stored").count - 1 == good.count)
        let listing = try OperandoProcess.run(["stacks", "--json"], in: project)
        let stacks = try JSONDecoder().decode([StackListing].self, from: Data(listing.stdout.utf8))
        #expect(stacks.count == good.count)
        var exportedPaths: [(String, ManifestFile)] = []
        for expected in good {
            let stack = try #require(stacks.first { $0.metadata.sourcePath.hasSuffix("/" + expected.file) }, "\(expected.file) not listed")
            #expect(stack.metadata.arraySHA256 == expected.sha256, "\(expected.file)")
            #expect(stack.metadata.shape == expected.shape, "\(expected.file)")
            // Export, then import the exported file into a second project: same decoded checksum
            let exported = folder.path("\(expected.file).out.tif").path
            let export = try OperandoProcess.run(["export", stack.id, exported], in: project)
            #expect(export.status == 0, "\(expected.file): \(export.stderr)")
            exportedPaths.append((exported, expected))
        }
        // The exported files decode (through libtiff again) to the same arrays
        #expect(try OperandoProcess.run(["init", "q"], in: folder.url).status == 0)
        let reimport = try OperandoProcess.run(["import", "--project", folder.path("q").path] + exportedPaths.map(\.0), in: folder.url)
        #expect(reimport.status == 0, "\(reimport.stderr)")
        let relisted = try JSONDecoder().decode(
            [StackListing].self, from: Data(try OperandoProcess.run(["stacks", "--json", "--project", folder.path("q").path], in: folder.url).stdout.utf8))
        for (path, expected) in exportedPaths {
            let stack = try #require(relisted.first { $0.metadata.sourcePath == URL(fileURLWithPath: path).standardizedFileURL.path })
            #expect(stack.metadata.arraySHA256 == expected.sha256, "\(expected.file): exported file decodes differently")
        }
    }

    @Test func badCorpusIsRejectedAndWritesNothing() throws {
        let folder = try TemporaryDirectory()
        #expect(try OperandoProcess.run(["init", "p"], in: folder.url).status == 0)
        let project = folder.path("p")
        for bad in try Self.manifest("bad") {
            let path = OperandoProcess.corpus.appendingPathComponent("bad/\(bad.file)").path
            let result = try OperandoProcess.run(["import", path], in: project)
            #expect(result.status == 65, "\(bad.file): exit \(result.status)")
            #expect(result.stderr.contains(bad.file), "\(bad.file): message does not name the file: \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"), "\(bad.file) crashed")
        }
        let listing = try OperandoProcess.run(["artifacts", "--json"], in: project)
        #expect(listing.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || listing.stdout.contains("[]"))
        let objects = try FileManager.default.subpathsOfDirectory(atPath: project.appendingPathComponent("objects").path)
        #expect(objects.isEmpty, "blobs written for rejected files: \(objects)")
        let runs = try OperandoProcess.run(["runs", "--json"], in: project)
        #expect(runs.stdout.contains("[") && !runs.stdout.contains("\"kind\""))
    }

    @Test func missingFileExitsWith66AndUsageErrorsWith64() throws {
        let folder = try TemporaryDirectory()
        #expect(try OperandoProcess.run(["init", "p"], in: folder.url).status == 0)
        #expect(try OperandoProcess.run(["import", "nope.tif"], in: folder.path("p")).status == 66)
        #expect(try OperandoProcess.run(["import", "--pixel-size", "fast", "x.tif"], in: folder.path("p")).status == 64)
        #expect(try OperandoProcess.run(["stacks"], in: folder.url).status == 66)  // not a project
    }
}
