import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando run-point`: one array task of a sweep (what Slurm runs on a compute node).
    struct RunPoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run-point",
            abstract: "Compute one point of a sweep manifest into a spool bundle (never touches the store).")

        @Option(help: "The sweep's manifest.jsonl (or its folder).") var manifest: String
        @Option(help: "Zero-based line of the manifest (a Slurm array task id); with --points-file, the task number.") var index: Int
        @Option(help: "Folder to write the result bundle into.") var spool: String
        @Option(name: .customLong("points-file"), help: "Manifest indices, one a line; the task runs entries index·b ..< (index+1)·b.")
        var pointsFile: String?
        @Option(name: .customLong("points-per-task"), help: "b: points per task with --points-file.") var pointsPerTask = 1

        func run() throws {
            var succeeded = true
            try reportingErrors {
                let manifest = try SweepManifest.read(from: URL(fileURLWithPath: self.manifest))
                let indices = try pointsFile.map {
                    try SlurmExecutor.taskPoints(file: URL(fileURLWithPath: $0), task: index, pointsPerTask: pointsPerTask)
                } ?? [index]
                for index in indices where !manifest.points.indices.contains(index) {
                    throw OperandoError(.usage, "index \(index) is outside the manifest's \(manifest.points.count) points")
                }
                // Every point runs even when an earlier one failed; the task fails if any did.
                for index in indices {
                    let ok = LocalExecutor.runPoint(manifest.points[index], spool: URL(fileURLWithPath: spool), runner: SimulationPointRunner())
                    succeeded = succeeded && ok
                }
            }
            if !succeeded { throw ExitCode(OperandoError.Code.software.rawValue) }
        }
    }

    /// `operando ingest SPOOL`
    struct IngestCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Store finished sweep bundles from a spool folder; idempotent, reports partial or failed ones.")

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The spool folder.") var spool: String
        @Option(help: "The sweep manifest (default: manifest.jsonl next to the spool).") var manifest: String?
        @Option(help: "Executor name recorded with the run.") var executor = "slurm"

        func run() throws {
            try reportingErrors {
                let spoolURL = URL(fileURLWithPath: spool)
                let manifestURL = manifest.map { URL(fileURLWithPath: $0) } ?? spoolURL.deletingLastPathComponent()
                let report = try Ingest.run(
                    project: try project.open(), manifest: try SweepManifest.read(from: manifestURL), spool: spoolURL, executor: executor)
                if output.json { return try printJSON(report) }
                printIngestReport(report)
            }
        }
    }

    /// `operando sweep status|list`
    struct Sweep: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Inspect sweeps: which points are stored, spooled, failed or missing.",
            subcommands: [Status.self, Resubmit.self])

        struct Status: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show done / missing / failed points of each sweep (or one).")
            @OptionGroup var project: ProjectOptions
            @OptionGroup var output: OutputOptions
            @Argument(help: "Sweep id (default: all sweeps).") var sweep: String?
            @Flag(help: "Print only the manifest indices still to compute (missing or failed), comma-separated, one sweep per line.")
            var missing = false

            func run() throws {
                try reportingErrors {
                    let opened = try project.open()
                    let ids = sweep.map { [$0] } ?? SweepFolder.all(in: opened).map { $0.url.lastPathComponent }
                    let statuses = try ids.map { try SweepStatus.load(project: opened, sweepId: $0) }
                    if missing {
                        if output.json { return try printJSON(Dictionary(uniqueKeysWithValues: statuses.map { ($0.sweep, $0.pending) })) }
                        for status in statuses { print("\(status.sweep) \(status.pending.map(String.init).joined(separator: ","))") }
                        return
                    }
                    if output.json { return try printJSON(statuses) }
                    for status in statuses {
                        print("\(status.sweep)  \(status.model)  \(status.name)  stored \(status.stored)/\(status.total)  spooled \(status.spooled)  failed \(status.failed.count)  missing \(status.missing.count)  dataset \(status.dataset ?? "-")")
                        for (index, error) in status.failed.sorted(by: { $0.key < $1.key }) { print("  point \(index) failed: \(error)") }
                    }
                }
            }
        }
    }
}

extension Operando.Sweep {
    /// `operando sweep resubmit SWEEP --executor slurm|local`
    struct Resubmit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute only the points of a sweep that are missing or failed, then ingest.",
            discussion: "Points already stored or waiting in the spool are left alone, so resubmitting twice duplicates nothing.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Sweep id (see `operando sweep status`).") var sweep: String
        @OptionGroup var executor: ExecutorOptions
        @Option(name: [.customShort("j"), .long], help: "Local executor: simulations at a time (default: all cores).")
        var jobs = ProcessInfo.processInfo.activeProcessorCount

        func run() throws {
            try reportingErrors {
                let opened = try project.open()
                let manifest = try SweepManifest.read(from: SweepFolder(project: opened, sweepId: sweep).url)
                try executor.execute(manifest: manifest, project: opened, jobs: jobs, json: output.json)
            }
        }
    }
}

/// Prints an ingest report as a few lines.
func printIngestReport(_ report: IngestReport) {
    print("sweep \(report.sweep): ingested \(report.ingested.count), already stored \(report.skipped.count), failed \(report.failed.count), corrupt \(report.corrupt.count), missing \(report.missing.count)")
    for (point, error) in report.failed.sorted(by: { $0.key < $1.key }) { print("  failed \(point.prefix(12)): \(error)") }
    for (folder, problem) in report.corrupt.sorted(by: { $0.key < $1.key }) { print("  corrupt \(folder): \(problem)") }
    if let dataset = report.dataset { print("dataset \(dataset)") }
}
