public import Foundation

/// `operando simulate`: write the sweep's manifest into the project, compute the points that
/// are not done yet (local executor) and ingest them. Running the same request again resumes.
public enum SimulateWorkflow {
    /// Writes the manifest (idempotent) and returns the sweep folder.
    public static func prepare(project: Project, manifest: SweepManifest) throws -> SweepFolder {
        let folder = SweepFolder(project: project, sweepId: manifest.id)
        if !FileManager.default.fileExists(atPath: folder.manifestURL.path) { try manifest.write(to: folder.url) }
        return folder
    }

    /// Runs a sweep locally with `jobs` simulations at a time, then ingests.
    public static func runLocally(project: Project, manifest: SweepManifest, jobs: Int, showProgress: Bool = true) throws -> IngestReport {
        let folder = try prepare(project: project, manifest: manifest)
        let status = try SweepStatus.load(project: project, sweepId: manifest.id)
        let pending = status.pending
        if !pending.isEmpty {
            let progress = ProgressReporter(label: "simulate \(manifest.description.model)", total: pending.count, enabled: showProgress ? nil : false)
            LocalExecutor.run(manifest: manifest, indices: pending, spool: folder.spool, jobs: jobs, runner: SimulationPointRunner(), progress: progress)
            progress.finish()
        }
        return try Ingest.run(project: project, manifest: manifest, spool: folder.spool, executor: "local")
    }
}
