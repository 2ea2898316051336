public import Foundation
import ProjectStore

/// How to submit a sweep to Slurm.
public struct SlurmOptions: Sendable, Equatable {
    /// Array tasks running at once (`--array=…%limit`).
    public var arrayLimit: Int
    /// `--partition`; nil for the cluster's default.
    public var partition: String?
    /// `--time` per array task, e.g. `00:30:00`; nil for the partition's default.
    public var timeLimit: String?
    /// Absolute path of the `operando` executable the jobs run (it must exist on the compute nodes).
    public var operandoPath: String
    /// Submit the dependent ingest job. Turn it off when the project lives on NFS: SQLite must
    /// then be written from one host only, by running `operando ingest` there.
    public var ingestJob: Bool
    /// Points computed one after another by each array task (sites discourage arrays of very
    /// short tasks). With more than 1, the pending indices go to a points file and task *k* runs
    /// its entries `k·b ..< (k+1)·b`.
    public var pointsPerTask: Int

    public init(
        arrayLimit: Int = 20, partition: String? = nil, timeLimit: String? = nil, operandoPath: String, ingestJob: Bool = true,
        pointsPerTask: Int = 1
    ) {
        precondition(arrayLimit >= 1 && pointsPerTask >= 1, "arrayLimit \(arrayLimit) and pointsPerTask \(pointsPerTask) must be ≥ 1")
        self.pointsPerTask = pointsPerTask
        self.arrayLimit = arrayLimit
        self.partition = partition
        self.timeLimit = timeLimit
        self.operandoPath = operandoPath
        self.ingestJob = ingestJob
    }
}

/// What was submitted: one array job for the points (absent when none needed computing) and an
/// ingest job that runs once every array task succeeded (`--dependency=afterok`).
public struct SlurmSubmission: Codable, Sendable {
    public var sweep: String
    public var arrayJob: String?
    /// Absent with `SlurmOptions.ingestJob == false`.
    public var ingestJob: String?
    /// Manifest lines (= array task ids) submitted.
    public var indices: [Int]
    public var arrayScript: String?
    public var ingestScript: String?
}

/// Runs a sweep as a Slurm job array: task *i* runs `operando run-point --index i` into the
/// sweep's spool (never touching the store), and a dependent job runs `operando ingest`.
///
/// Scripts and job logs go to `sweeps/<id>/slurm/`: `array-<n>.sh`, `ingest-<n>.sh`,
/// `<jobid>_<task>.out`, `ingest-<jobid>.out`.
public enum SlurmExecutor {
    /// The folder of a sweep's scripts and logs.
    public static func slurmFolder(_ folder: SweepFolder) -> URL { folder.url.appendingPathComponent("slurm") }

    /// `--array` value for the given task ids: runs collapsed to ranges, then `%limit`
    /// (e.g. `[0, 1, 2, 5, 7, 8]`, 4 → `0-2,5,7-8%4`).
    public static func arraySpecification(indices: [Int], limit: Int) -> String {
        precondition(!indices.isEmpty && limit >= 1, "array needs indices (\(indices.count)) and a limit ≥ 1 (\(limit))")
        let sorted = Array(Set(indices)).sorted()
        var parts: [String] = []
        var start = sorted[0]
        var previous = sorted[0]
        for index in sorted.dropFirst() + [Int.min] {
            if index == previous + 1 {
                previous = index
                continue
            }
            parts.append(start == previous ? "\(start)" : "\(start)-\(previous)")
            start = index
            previous = index
        }
        return parts.joined(separator: ",") + "%\(limit)"
    }

    /// The array job's batch script: one `run-point` per task. Without a points file the task id
    /// is the manifest index; with one (`options.pointsPerTask > 1`) task *k* runs entries
    /// `k·b ..< (k+1)·b` of the file.
    public static func arrayScript(sweep: SweepFolder, manifestName: String, indices: [Int], pointsFile: URL?, options: SlurmOptions) -> String {
        let logs = slurmFolder(sweep).path
        let taskIds = pointsFile == nil ? indices : Array(0..<((indices.count + options.pointsPerTask - 1) / options.pointsPerTask))
        let batching = pointsFile.map { " --points-file \(shellQuoted($0.path)) --points-per-task \(options.pointsPerTask)" } ?? ""
        var lines = [
            "#!/bin/bash",
            "#SBATCH --job-name=operando-\(sweep.url.lastPathComponent)",
            "#SBATCH --array=\(arraySpecification(indices: taskIds, limit: options.arrayLimit))",
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=1",
            "#SBATCH --chdir=\(sweep.url.path)",
            "#SBATCH --output=\(logs)/%A_%a.out",
        ]
        if let partition = options.partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time = options.timeLimit { lines.append("#SBATCH --time=\(time)") }
        lines += [
            "# One point of the sweep: a hashed bundle into the spool; the store is never opened here.",
            "exec \(shellQuoted(options.operandoPath)) run-point --manifest \(shellQuoted(sweep.url.appendingPathComponent(manifestName).path)) "
                + "--index \"$SLURM_ARRAY_TASK_ID\"\(batching) --spool \(shellQuoted(sweep.spool.path))",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The ingest job's batch script: the single writer of the store.
    public static func ingestScript(project: Project, sweep: SweepFolder, options: SlurmOptions) -> String {
        var lines = [
            "#!/bin/bash",
            "#SBATCH --job-name=operando-ingest-\(sweep.url.lastPathComponent)",
            "#SBATCH --ntasks=1",
            "#SBATCH --cpus-per-task=1",
            "#SBATCH --chdir=\(sweep.url.path)",
            "#SBATCH --output=\(slurmFolder(sweep).path)/ingest-%j.out",
        ]
        if let partition = options.partition { lines.append("#SBATCH --partition=\(partition)") }
        lines += [
            "# Moves finished bundles into the store (idempotent; failed or partial bundles stay in the spool).",
            "exec \(shellQuoted(options.operandoPath)) ingest \(shellQuoted(sweep.spool.path)) --project \(shellQuoted(project.root.path)) "
                + "--manifest \(shellQuoted(sweep.manifestURL.path)) --executor slurm",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the manifest (idempotent) and submits the points not yet computed — missing ones
    /// and failed ones — plus the ingest job. Rerunning it resubmits only what is still missing.
    public static func submitPending(project: Project, manifest: SweepManifest, options: SlurmOptions) throws -> SlurmSubmission {
        _ = try SimulateWorkflow.prepare(project: project, manifest: manifest)
        let status = try SweepStatus.load(project: project, sweepId: manifest.id)
        return try submit(project: project, manifest: manifest, indices: status.pending, options: options)
    }

    /// Writes the scripts and submits the array (when `indices` is not empty) and the ingest job
    /// (when `options.ingestJob`).
    /// - Throws: `OperandoError` when `sbatch` is missing or refuses a job (its message included).
    public static func submit(project: Project, manifest: SweepManifest, indices: [Int], options: SlurmOptions) throws -> SlurmSubmission {
        let sweep = SweepFolder(project: project, sweepId: manifest.id)
        let logs = slurmFolder(sweep)
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sweep.spool, withIntermediateDirectories: true)
        let serial = try nextSerial(in: logs)
        var submission = SlurmSubmission(sweep: manifest.id, arrayJob: nil, ingestJob: nil, indices: indices.sorted(), arrayScript: nil, ingestScript: nil)
        var dependency: [String] = []
        if !indices.isEmpty {
            var pointsFile: URL?
            if options.pointsPerTask > 1 {
                let file = logs.appendingPathComponent("points-\(serial).txt")
                try AtomicFile.write(Array((indices.sorted().map(String.init).joined(separator: "\n") + "\n").utf8), to: file)
                pointsFile = file
            }
            let url = logs.appendingPathComponent("array-\(serial).sh")
            let script = arrayScript(sweep: sweep, manifestName: "manifest.jsonl", indices: indices.sorted(), pointsFile: pointsFile, options: options)
            try AtomicFile.write(Array(script.utf8), to: url)
            let job = try sbatch([url.path])
            submission.arrayJob = job
            submission.arrayScript = url.path
            // A failed task leaves the ingest job's dependency unsatisfiable: cancel it instead of
            // letting it pend forever; `sweep status` then names the failed points.
            dependency = ["--dependency=afterok:\(job)", "--kill-on-invalid-dep=yes"]
        }
        guard options.ingestJob else { return submission }
        let url = logs.appendingPathComponent("ingest-\(serial).sh")
        try AtomicFile.write(Array(ingestScript(project: project, sweep: sweep, options: options).utf8), to: url)
        submission.ingestJob = try sbatch(dependency + [url.path])
        submission.ingestScript = url.path
        return submission
    }

    /// The manifest indices task `task` runs: entries `task·b ..< (task+1)·b` of a points file.
    /// - Throws: `OperandoError(.usage)` when the task lies past the end of the file.
    public static func taskPoints(file: URL, task: Int, pointsPerTask: Int) throws -> [Int] {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw OperandoError(.noInput, "no points file at \(file.path)")
        }
        let points = try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line -> Int in
            guard let index = Int(line.trimmingCharacters(in: .whitespaces)) else {
                throw OperandoError(.dataError, "\(file.path): '\(line)' is not a manifest index")
            }
            return index
        }
        let start = task * pointsPerTask
        guard task >= 0, pointsPerTask >= 1, start < points.count else {
            throw OperandoError(.usage, "task \(task) × \(pointsPerTask) points lies past the \(points.count) entries of \(file.path)")
        }
        return Array(points[start..<min(points.count, start + pointsPerTask)])
    }

    /// Blocks until every job (and every task of an array job) has left the queue or reached a
    /// final state, polling `squeue` every `interval` seconds.
    /// - Returns: the final state of each job or task (`COMPLETED`, `FAILED`, `CANCELLED`, …)
    ///   while Slurm still remembers it (`MinJobAge`, 300 s by default).
    /// - Throws: `OperandoError` after `timeout` seconds.
    public static func wait(for jobs: [String], timeout: Double = 3600, interval: Double = 0.2) throws -> [String: String] {
        let final: Set<String> = ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE"]
        if jobs.isEmpty { return [:] }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let output = try runTool("squeue", ["-h", "-t", "all", "-o", "%i %T", "-j", jobs.joined(separator: ",")])
            var states: [String: String] = [:]
            for line in output.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count == 2 { states[String(fields[0])] = String(fields[1]) }
            }
            if states.values.allSatisfy({ final.contains($0) }) { return states }
            guard Date() < deadline else {
                throw OperandoError(.software, "Slurm jobs \(jobs.joined(separator: ",")) still running after \(Int(timeout)) s: \(states)")
            }
            Thread.sleep(forTimeInterval: interval)
        }
    }

    /// `sbatch --parsable ARGS`; returns the job id.
    static func sbatch(_ arguments: [String]) throws -> String {
        let output = try runTool("sbatch", ["--parsable"] + arguments)
        // `--parsable` prints `jobid` or `jobid;cluster`.
        guard let id = output.split(separator: "\n").last?.split(separator: ";").first, Int(id) != nil else {
            throw OperandoError(.software, "sbatch printed '\(output)' instead of a job id")
        }
        return String(id)
    }

    /// Runs a Slurm client tool found on PATH and returns its stdout.
    static func runTool(_ tool: String, _ arguments: [String]) throws -> String {
        guard let path = executablePath(tool) else {
            throw OperandoError(.noInput, "\(tool) not found on PATH: install the Slurm client (apt-get install slurm-client) or use --executor local")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw OperandoError(.software, "\(tool) \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus)): \(message)")
        }
        return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first executable named `tool` on PATH, if any.
    public static func executablePath(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The next free script number in `folder` (1, 2, …), so a resubmission never overwrites the
    /// script of a job that may still be queued.
    private static func nextSerial(in folder: URL) throws -> Int {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let used = names.compactMap { name -> Int? in
            guard name.hasSuffix(".sh"), let dash = name.firstIndex(of: "-") else { return nil }
            return Int(name[name.index(after: dash)...].dropLast(".sh".count))
        }
        return (used.max() ?? 0) + 1
    }

    /// `'text'` with embedded single quotes escaped, for a POSIX shell.
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
