import ArgumentParser
import Foundation
import Workflows

/// Where sweep points run: `--executor local` (default) or `--executor slurm` with its options.
struct ExecutorOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case local, slurm
    }

    @Option(help: "Where the points run: local (this machine, -j at a time) or slurm (a job array + an ingest job).")
    var executor: Kind = .local
    @Option(name: .customLong("array-limit"), help: "Slurm: array tasks running at once.") var arrayLimit = 20
    @Option(name: .customLong("points-per-task"), help: "Slurm: points each array task computes one after another.") var pointsPerTask = 1
    @Option(help: "Slurm: partition (default: the cluster's default).") var partition: String?
    @Option(help: "Slurm: time limit per task, e.g. 00:30:00.") var time: String?
    @Option(name: .customLong("operando-path"), help: "Slurm: the operando executable the jobs run (default: this one).")
    var operandoPath: String?
    @Flag(help: "Slurm: wait for the jobs to finish and print the sweep's status.") var wait = false
    @Flag(name: .customLong("no-ingest-job"), help: "Slurm: submit only the array; run `operando ingest` yourself (projects on NFS).")
    var noIngestJob = false

    func validate() throws {
        if arrayLimit < 1 { throw ValidationError("--array-limit must be at least 1") }
        if pointsPerTask < 1 { throw ValidationError("--points-per-task must be at least 1") }
    }

    func slurmOptions() throws -> SlurmOptions {
        let path = try operandoPath ?? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return SlurmOptions(arrayLimit: arrayLimit, partition: partition, timeLimit: time, operandoPath: path, ingestJob: !noIngestJob, pointsPerTask: pointsPerTask)
    }

    /// Prints what was submitted; with `--wait`, waits for the jobs and prints the sweep's status
    /// (exit 70 when points are still missing or failed).
    /// Runs (local) or submits (Slurm) the points of `manifest` that are not done yet, and
    /// prints what happened. Exits 70 when a local sweep could not complete.
    func execute(manifest: SweepManifest, project: Project, jobs: Int, json: Bool) throws {
        switch executor {
        case .local:
            let report = try SimulateWorkflow.runLocally(project: project, manifest: manifest, jobs: max(1, jobs))
            if json { try printJSON(report) } else { printIngestReport(report) }
            if !report.isComplete { throw ExitCode(OperandoError.Code.software.rawValue) }
        case .slurm:
            let submission = try SlurmExecutor.submitPending(project: project, manifest: manifest, options: try slurmOptions())
            try reportSubmission(submission, project: project, json: json)
        }
    }

    func reportSubmission(_ submission: SlurmSubmission, project: Project, json: Bool) throws {
        if !wait {
            if json { return try printJSON(submission) }
            if let array = submission.arrayJob { print("submitted array job \(array) (\(submission.indices.count) points)") }
            if let ingest = submission.ingestJob {
                print("submitted ingest job \(ingest)\(submission.arrayJob.map { " (afterok:\($0))" } ?? "")")
            } else {
                print("no ingest job: run `operando ingest \(SweepFolder(project: project, sweepId: submission.sweep).spool.path)` once the array is done")
            }
            print("follow with: operando sweep status \(submission.sweep)")
            return
        }
        _ = try SlurmExecutor.wait(for: [submission.arrayJob, submission.ingestJob].compactMap { $0 })
        let status = try SweepStatus.load(project: project, sweepId: submission.sweep)
        if json {
            try printJSON(status)
        } else {
            print("\(status.sweep): stored \(status.stored)/\(status.total)  failed \(status.failed.count)  missing \(status.missing.count)  dataset \(status.dataset ?? "-")")
        }
        if status.dataset == nil { throw ExitCode(OperandoError.Code.software.rawValue) }
    }
}
