import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando gc`
    struct Gc: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove blobs no artifact references, and stale temp files.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Flag(help: "Only list what would be removed.") var dryRun = false
        @Option(help: "Keep files younger than this many seconds (they may belong to a write in progress).") var minAge: Double = 600

        func run() throws {
            try reportingErrors {
                let report = try GarbageCollection.run(project: try project.open(), dryRun: dryRun, minimumAge: minAge)
                if output.json { return try printJSON(report) }
                for hash in report.removedBlobs { print("\(dryRun ? "would remove" : "removed") blob \(hash)") }
                for name in report.removedTemporaryFiles { print("\(dryRun ? "would remove" : "removed") temp file \(name)") }
                print("\(report.removedBlobs.count) blobs, \(report.bytesFreed) bytes\(dryRun ? " (dry run)" : "")")
            }
        }
    }

    /// `operando archive ID out.tar`
    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write an artifact with its whole lineage and blobs to a tar file.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Artifact id (unique prefix) or name.") var id: String
        @Argument(help: "The tar file to write.") var file: String

        func run() throws {
            try reportingErrors {
                let summary = try ArchiveTransfer.archive(id, project: try project.open(), to: URL(fileURLWithPath: file))
                if output.json { return try printJSON(summary) }
                print("wrote \(file): \(summary.artifacts) artifacts, \(summary.runs) runs, \(summary.blobs) blobs")
            }
        }
    }

    /// `operando unarchive in.tar`
    struct Unarchive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring an archived sub-graph with its blobs into this project.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The tar file written by `operando archive`.") var file: String

        func run() throws {
            try reportingErrors {
                let summary = try ArchiveTransfer.unarchive(URL(fileURLWithPath: file), into: try project.open())
                if output.json { return try printJSON(summary) }
                print("added \(summary.artifacts) artifacts and \(summary.runs) runs (\(summary.blobs) blobs checked)")
            }
        }
    }
}
