import ArgumentParser
import Workflows

extension Operando {
    /// `operando fsck`
    struct Fsck: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-hash every blob and check every reference; exits 65 on missing or corrupt data.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            var healthy = true
            try reportingErrors {
                let report = try ConsistencyCheck.run(try project.open())
                healthy = report.isHealthy
                if output.json { return try printJSON(report) }
                print("checked \(report.blobsChecked) blobs of \(report.artifactsChecked) artifacts")
                for hash in report.corruptBlobs { print("corrupt: \(hash) (content no longer matches its hash)") }
                for hash in report.missingBlobs { print("missing: \(hash) (recorded but not on disk)") }
                for hash in report.orphanFiles { print("orphan: \(hash) (on disk, not recorded; `operando gc` removes it)") }
                for hash in report.unreferencedBlobRows { print("unreferenced: \(hash)") }
                for name in report.temporaryFiles { print("temporary: objects/tmp/\(name) (left by an interrupted write)") }
                print(healthy ? "ok" : "problems found")
            }
            if !healthy { throw ExitCode(OperandoError.Code.dataError.rawValue) }
        }
    }
}
