import Foundation
import ProjectStore
import Tensor
import Testing
import TestSupport
@testable import Workflows

/// The script-rendering half of the Slurm executor, checked without a cluster.
struct SlurmExecutorTests {
    /// Expands an `--array` value the way Slurm reads it (independent of the encoder).
    func expand(_ specification: String) -> (indices: [Int], limit: Int) {
        let parts = specification.split(separator: "%")
        var indices: [Int] = []
        for piece in parts[0].split(separator: ",") {
            let bounds = piece.split(separator: "-").map { Int($0)! }
            indices += bounds.count == 1 ? [bounds[0]] : Array(bounds[0]...bounds[1])
        }
        return (indices, Int(parts[1])!)
    }

    @Test func arraySpecificationCollapsesRunsAndRoundTrips() {
        #expect(SlurmExecutor.arraySpecification(indices: Array(0..<20), limit: 20) == "0-19%20")
        #expect(SlurmExecutor.arraySpecification(indices: [8, 0, 1, 2, 5, 7], limit: 4) == "0-2,5,7-8%4")
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let indices = Set((0..<Int(generator.nextUniform() * 30) + 1).map { _ in Int(generator.nextUniform() * 60) })
            let (expanded, limit) = expand(SlurmExecutor.arraySpecification(indices: Array(indices), limit: 3))
            #expect(expanded == indices.sorted() && limit == 3)
        }
    }

    @Test func tasksCoverThePointsFileExactlyOnce() throws {
        let folder = try TemporaryDirectory()
        let file = folder.path("points.txt")
        let points = [1, 4, 5, 6, 9, 11, 12]
        try Data((points.map(String.init).joined(separator: "\n") + "\n").utf8).write(to: file)
        for perTask in 1...8 {
            let tasks = (points.count + perTask - 1) / perTask
            let covered = try (0..<tasks).flatMap { try SlurmExecutor.taskPoints(file: file, task: $0, pointsPerTask: perTask) }
            #expect(covered == points)
            #expect(throws: OperandoError.self) { try SlurmExecutor.taskPoints(file: file, task: tasks, pointsPerTask: perTask) }
        }
    }

    @Test func shellQuotingSurvivesAPosixShell() throws {
        let awkward = "/tmp/it's a \"path\" with $HOME and `ticks`"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf %s \(SlurmExecutor.shellQuoted(awkward))"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: output, as: UTF8.self) == awkward)
    }

    @Test func scriptsRunOnePointPerTaskAndIngestOnce() throws {
        let folder = try TemporaryDirectory()
        let project = try Project.create(at: folder.path("p"))
        let manifest = try rampManifest(amplitudes: [0.1, 0.2, 0.3])
        let sweep = try SimulateWorkflow.prepare(project: project, manifest: manifest)
        let options = SlurmOptions(arrayLimit: 2, partition: "short", timeLimit: "00:05:00", operandoPath: "/opt/bin/operando")
        let array = SlurmExecutor.arrayScript(sweep: sweep, manifestName: "manifest.jsonl", indices: [0, 2], pointsFile: nil, options: options)
        #expect(array.hasPrefix("#!/bin/bash\n"))
        #expect(array.contains("#SBATCH --array=0,2%2\n"))
        #expect(array.contains("#SBATCH --partition=short\n") && array.contains("#SBATCH --time=00:05:00\n"))
        #expect(array.contains("exec '/opt/bin/operando' run-point --manifest '\(sweep.manifestURL.path)' --index \"$SLURM_ARRAY_TASK_ID\" --spool '\(sweep.spool.path)'"))
        // with a points file the array runs over tasks, each covering pointsPerTask entries
        var batched = options
        batched.pointsPerTask = 3
        let file = folder.path("points.txt")
        let batchedScript = SlurmExecutor.arrayScript(sweep: sweep, manifestName: "manifest.jsonl", indices: [1, 4, 5, 6, 9, 11, 12], pointsFile: file, options: batched)
        #expect(batchedScript.contains("#SBATCH --array=0-2%2\n"))
        #expect(batchedScript.contains("--index \"$SLURM_ARRAY_TASK_ID\" --points-file '\(file.path)' --points-per-task 3 --spool"))
        let ingest = SlurmExecutor.ingestScript(project: project, sweep: sweep, options: options)
        #expect(ingest.contains("ingest '\(sweep.spool.path)' --project '\(project.root.path)'"))
        #expect(!ingest.contains("--array"))
    }
}
