import Foundation
import Glibc
import ProjectStore
import Testing
import TestSupport
@testable import Workflows

/// End to end on a real single-node Slurm cluster (Tests/Integration/slurm-cluster.sh): a
/// 20-point dendrite sweep through `--executor slurm` and `--executor local` gives identical
/// artifacts, and a sweep whose array job is cancelled midway completes by `sweep resubmit`
/// without losing or duplicating anything. ~40 s on a loaded 2-core VM; skipped unless Slurm
/// and munge are on PATH and we run as root.
@Suite(.serialized, .enabled(if: IntegrationEnvironment.runSlurmTests, "needs root, slurm-wlm and munge (apt-get install slurm-wlm munge)"))
struct SlurmIntegrationTests {
    static let sweepArguments = ["dendrite", "--count", "20", "--grid", "64", "--output-size", "64", "--frames", "4", "--seed", "5"]

    @Test func slurmAndLocalSweepsGiveIdenticalArtifactsAndACancelledSweepResumes() throws {
        let operando = try #require(IntegrationEnvironment.operando, "build the operando product first (swift build)")
        let folder = try TemporaryDirectory("operando-slurm")
        let clusterFolder = folder.path("cluster")
        // A port of our own so a cluster left by another test run cannot collide.
        let port = 20_000 + Int(getpid() % 2_000) * 2
        let start = try Child.run(
            URL(fileURLWithPath: "/bin/bash"), [IntegrationEnvironment.clusterScript.path, "start", clusterFolder.path],
            environment: ["SLURM_TEST_PORT": String(port)], scratch: folder.url)
        defer {
            _ = try? Child.run(URL(fileURLWithPath: "/bin/bash"), [IntegrationEnvironment.clusterScript.path, "stop", clusterFolder.path], scratch: folder.url)
        }
        try #require(start.status == 0, "cluster did not start: \(start.stderr)")
        let slurm = ["SLURM_CONF": clusterFolder.appendingPathComponent("slurm.conf").path]
        func operandoRun(_ arguments: [String]) throws -> ChildResult {
            try Child.run(operando, arguments, environment: slurm, scratch: folder.url)
        }

        // Given the same sweep run through Slurm (project A) and locally (project B)
        for name in ["a", "b", "c"] { #expect(try operandoRun(["init", folder.path(name).path]).status == 0) }
        let clock = ContinuousClock()
        let slurmStart = clock.now
        let viaSlurm = try operandoRun(["simulate"] + Self.sweepArguments + ["--project", folder.path("a").path, "--executor", "slurm", "--wait"])
        let slurmTime = clock.now - slurmStart
        #expect(viaSlurm.status == 0, "\(viaSlurm.stdout)\(viaSlurm.stderr)")
        let local = try operandoRun(["simulate"] + Self.sweepArguments + ["--project", folder.path("b").path, "--executor", "local", "-j", "2"])
        #expect(local.status == 0, "\(local.stderr)")

        // Then both hold the same 20 simulations and dataset: same ids, identities and blob hashes
        let a = try Project.open(at: folder.path("a"))
        let b = try Project.open(at: folder.path("b"))
        let simulationsA = try artifactFingerprint(a, kind: "simulation")
        #expect(simulationsA.count == 20)
        #expect(simulationsA == (try artifactFingerprint(b, kind: "simulation")))
        #expect(try artifactFingerprint(a, kind: "dataset") == (try artifactFingerprint(b, kind: "dataset")))
        #expect(try artifactFingerprint(a, kind: "dataset").count == 1)
        // And the Slurm run was recorded as such, by the ingest job
        #expect(try a.database.runs(kind: "simulate").map { try a.database.values(of: $0.id, role: "parameter")["executor"] } == [.text("slurm")])
        print("slurm sweep of 20 points: \(slurmTime)")

        // Given a third project whose array job (one task at a time) is cancelled midway
        let submitted = try operandoRun(["simulate"] + Self.sweepArguments + ["--project", folder.path("c").path, "--executor", "slurm", "--array-limit", "1", "--json"])
        try #require(submitted.status == 0, "\(submitted.stderr)")
        let submission = try JSON.decode(SlurmSubmission.self, from: submitted.stdout)
        let arrayJob = try #require(submission.arrayJob)
        let sweep = SweepFolder(project: try Project.open(at: folder.path("c")), sweepId: submission.sweep)
        let deadline = Date().addingTimeInterval(60)
        while bundleCount(sweep.spool) < 3 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let cancel = try Child.run(try #require(SlurmExecutor.executablePath("scancel").map(URL.init(fileURLWithPath:))), [arrayJob], environment: slurm, scratch: folder.url)
        #expect(cancel.status == 0)
        // (wait for the cancelled tasks and the ingest job, which is cancelled with them)
        let squeueDeadline = Date().addingTimeInterval(30)
        while Date() < squeueDeadline {
            let queue = try Child.run(URL(fileURLWithPath: SlurmExecutor.executablePath("squeue")!), ["-h", "-j", ([arrayJob] + [submission.ingestJob].compactMap { $0 }).joined(separator: ",")], environment: slurm, scratch: folder.url)
            if queue.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let c = try Project.open(at: folder.path("c"))
        let interrupted = try SweepStatus.load(project: c, sweepId: submission.sweep)
        // Then some points are missing and nothing reached the store (the ingest job never ran)
        #expect(interrupted.missing.count > 0 && interrupted.missing.count < 20)
        #expect(interrupted.stored == 0 && interrupted.spooled == 20 - interrupted.missing.count)

        // When only the missing points are resubmitted
        let resubmitted = try operandoRun(["sweep", "resubmit", submission.sweep, "--project", folder.path("c").path, "--executor", "slurm", "--points-per-task", "4", "--wait", "--json"])
        #expect(resubmitted.status == 0, "\(resubmitted.stdout)\(resubmitted.stderr)")
        let scripts = try FileManager.default.contentsOfDirectory(atPath: SlurmExecutor.slurmFolder(sweep).path).filter { $0.hasPrefix("array-") }
        let secondArray = try String(contentsOf: SlurmExecutor.slurmFolder(sweep).appendingPathComponent("array-2.sh"), encoding: .utf8)
        // Then the second array (4 points per task) covers exactly the missing points, and the store ends identical to B's
        #expect(scripts.sorted() == ["array-1.sh", "array-2.sh"])
        let taskCount = (interrupted.missing.count + 3) / 4
        #expect(secondArray.contains("--array=\(SlurmExecutor.arraySpecification(indices: Array(0..<taskCount), limit: 20))\n"))
        let pointsFile = try String(contentsOf: SlurmExecutor.slurmFolder(sweep).appendingPathComponent("points-2.txt"), encoding: .utf8)
        #expect(pointsFile.split(separator: "\n").map { Int($0)! } == interrupted.missing)
        #expect(try artifactFingerprint(c, kind: "simulation") == simulationsA)
        #expect(try artifactFingerprint(c, kind: "dataset") == (try artifactFingerprint(b, kind: "dataset")))
        #expect(try ConsistencyCheck.run(c).isHealthy)
    }

    private func bundleCount(_ spool: URL) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool.path)) ?? []).filter { !$0.hasPrefix(".") }.count
    }
}

/// What the integration tests need from outside the test process: the built `operando`
/// executable, the cluster script and (for the Slurm tests) Slurm and munge installed.
enum IntegrationEnvironment {
    /// `operando` next to the test bundle in `.build/<triple>/debug/` (built by `swift build` /
    /// `swift test`, which builds every product).
    static let operando: URL? = {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        if folder.path.hasSuffix(".xctest") { folder.deleteLastPathComponent() }
        let candidate = folder.appendingPathComponent("operando")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    static let clusterScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Integration/slurm-cluster.sh")

    /// Slurm tests run when slurm-wlm and munge are installed and we are root (the cluster runs
    /// as root); `OPERANDO_SKIP_SLURM=1` turns them off, `OPERANDO_REQUIRE_SLURM=1` makes a missing
    /// Slurm a failure instead of a skip (the CI driver sets it).
    static let slurmInstalled: Bool = ["slurmctld", "slurmd", "munged", "sbatch", "squeue", "scancel"]
        .allSatisfy { SlurmExecutor.executablePath($0) != nil } && getuid() == 0

    static var runSlurmTests: Bool {
        let environment = ProcessInfo.processInfo.environment
        if environment["OPERANDO_REQUIRE_SLURM"] != nil { return true }
        return slurmInstalled && environment["OPERANDO_SKIP_SLURM"] == nil && operando != nil
    }
}

/// The result of a child process.
struct ChildResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Starts `executable arguments` with extra environment variables; output goes to files so a
/// killed child never blocks on a full pipe.
final class Child: @unchecked Sendable {
    let process = Process()
    private let outURL: URL
    private let errURL: URL

    init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], scratch: URL) throws {
        let tag = UUID().uuidString
        outURL = scratch.appendingPathComponent("child-\(tag).out")
        errURL = scratch.appendingPathComponent("child-\(tag).err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    func kill9() { _ = Glibc.kill(process.processIdentifier, SIGKILL) }

    func wait() -> ChildResult {
        process.waitUntilExit()
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return ChildResult(status: process.terminationStatus, stdout: out, stderr: err)
    }

    /// Runs to completion.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:], scratch: URL) throws -> ChildResult {
        try Child(executable, arguments, environment: environment, scratch: scratch).wait()
    }
}

/// Artifact id → (identity, role → blob hash) of one kind: what "identical artifacts" means
/// across two projects (run ids, times and wall-clock metadata legitimately differ).
func artifactFingerprint(_ project: Project, kind: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for artifact in try project.database.artifacts(kind: kind) {
        let files = try project.database.files(of: artifact.id).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        result[artifact.id] = "\(artifact.identity) \(files.joined(separator: " "))"
    }
    return result
}
