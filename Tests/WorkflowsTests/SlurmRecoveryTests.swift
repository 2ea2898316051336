import Foundation
import Glibc
import ProjectStore
import Tensor
import Testing
import TestSupport
@testable import Workflows

/// A deterministic runner with sizeable frames [T, 64, 64] (T = the point's `amplitude`), so
/// that ingesting 20 points takes long enough to be killed midway; each point's frames hold one
/// value derived from its seed, so every point has its own blob.
struct BigFrameRunner: PointRunner {
    func run(_ point: SweepPoint) throws -> [String: Tensor] {
        let frames = Int(try point.decodeParameters(RampRunner.Parameters.self).amplitude)
        return ["frames": Tensor(shape: [frames, 64, 64], scalars: [Float](repeating: Float(point.seed % 1_000_003), count: frames * 64 * 64))]
    }
}

/// Killing a task or the ingest with SIGKILL (real processes of the built `operando`) and
/// rerunning loses nothing and duplicates nothing. No Slurm needed.
@Suite(.enabled(if: IntegrationEnvironment.operando != nil, "needs the built operando executable (swift build)"))
struct SlurmRecoveryTests {
    @Test func ingestKilledMidwayStoresNothingAndAReingestStoresEverythingOnce() throws {
        let operando = try #require(IntegrationEnvironment.operando)
        let folder = try TemporaryDirectory("operando-kill")
        // Given a complete 20-point spool written by the same code a Slurm task runs
        let manifest = try rampManifest(amplitudes: Array(repeating: 8, count: 20), seed: 11)
        let template = folder.path("spool")
        #expect(LocalExecutor.run(manifest: manifest, spool: template, jobs: 2, runner: BigFrameRunner()) == (20, 0))
        var attempts = 0
        var killedMidway = false
        while !killedMidway && attempts < 8 {
            attempts += 1
            let root = folder.path("p\(attempts)")
            let project = try Project.create(at: root)
            let sweep = try SimulateWorkflow.prepare(project: project, manifest: manifest)
            try FileManager.default.copyItem(at: template, to: sweep.spool)
            let objects = root.appendingPathComponent(Project.objectsName)
            let blobsBefore = Self.fileCount(objects)

            // When `operando ingest` is SIGKILLed once it has begun writing blobs
            let ingest = try Child(operando, ["ingest", sweep.spool.path, "--project", root.path, "--executor", "local"], scratch: folder.url)
            let deadline = Date().addingTimeInterval(20)
            while ingest.isRunning && Self.fileCount(objects) < blobsBefore + 3 + attempts && Date() < deadline { usleep(200) }
            killedMidway = ingest.isRunning
            ingest.kill9()
            let result = ingest.wait()
            guard killedMidway else { continue }  // it finished first: try again on a fresh project
            print("ingest killed midway on attempt \(attempts), \(Self.fileCount(objects) - blobsBefore) files in objects/")
            #expect(result.status != 0)

            // Then the store holds none of the sweep (one transaction), fsck finds no damage
            let reopened = try Project.open(at: root)
            #expect(try reopened.database.artifacts(kind: "simulation").isEmpty)
            #expect(try ConsistencyCheck.run(reopened).isHealthy)
            #expect(try reopened.database.runs(kind: "simulate").map(\.status) == [.interrupted])

            // And a rerun ingests all 20 exactly once, with the bundles' hashes, and assembles the dataset
            let rerun = try Child.run(operando, ["ingest", sweep.spool.path, "--project", root.path, "--executor", "local", "--json"], scratch: folder.url)
            #expect(rerun.status == 0, "\(rerun.stderr)")
            let report = try JSON.decode(IngestReport.self, from: rerun.stdout)
            #expect(report.ingested.count == 20 && report.dataset != nil)
            let stored = try reopened.database.artifacts(kind: "simulation")
            #expect(stored.count == 20)
            for point in manifest.points {
                let record = try #require(try reopened.database.artifact(identity: Ingest.simulationIdentity(point.id)))
                let (bundle, _) = try SpoolBundle.read(sweep.spool.appendingPathComponent(point.id))
                #expect(try reopened.database.files(of: record.id) == bundle.files)
            }
            let check = try ConsistencyCheck.run(reopened)
            #expect(check.isHealthy && check.missingBlobs.isEmpty)
            // And a third ingest changes nothing
            let third = try Ingest.run(project: reopened, manifest: manifest, spool: sweep.spool, executor: "local")
            #expect(third.ingested.isEmpty && third.skipped.count == 20)
        }
        #expect(killedMidway, "ingest always finished before the kill (\(attempts) attempts)")
    }

    @Test func runPointKilledMidwayLeavesNoBundleAndARerunMatchesAnUninterruptedRun() throws {
        let operando = try #require(IntegrationEnvironment.operando)
        let folder = try TemporaryDirectory("operando-kill")
        let request = SweepRequest(model: "dendrite", name: nil, count: 2, frames: 6, seed: 3, ranges: [:], gridSize: 128, outputSize: 64)
        let manifest = try request.manifest()
        try manifest.write(to: folder.url)
        let spool = folder.path("spool")
        let point = manifest.points[1]
        // When a task is SIGKILLed while it computes
        let task = try Child(operando, ["run-point", "--manifest", folder.url.path, "--index", "1", "--spool", spool.path], scratch: folder.url)
        usleep(30_000)
        task.kill9()
        _ = task.wait()
        // Then its point is either complete or absent — never a half bundle under its name
        let folderExists = FileManager.default.fileExists(atPath: spool.appendingPathComponent(point.id).path)
        #expect(!folderExists || LocalExecutor.isDone(point, in: spool))
        // And rerunning the task gives the bundle an uninterrupted in-process run gives
        let rerun = try Child.run(operando, ["run-point", "--manifest", folder.url.path, "--index", "1", "--spool", spool.path], scratch: folder.url)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let reference = folder.path("reference")
        #expect(LocalExecutor.runPoint(point, spool: reference, runner: SimulationPointRunner()))
        let (rerunBundle, _) = try SpoolBundle.read(spool.appendingPathComponent(point.id))
        let (referenceBundle, _) = try SpoolBundle.read(reference.appendingPathComponent(point.id))
        #expect(rerunBundle.status == .done && rerunBundle.files == referenceBundle.files)
    }

    static func fileCount(_ folder: URL) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return 0 }
        return walker.allObjects.count
    }
}
