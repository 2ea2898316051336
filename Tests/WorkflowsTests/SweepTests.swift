import Foundation
import ProjectStore
import Tensor
import Testing
import TestSupport
@testable import Workflows

/// A deterministic test runner: frames [4, 3, 3] filled from the point's seed and `amplitude`;
/// `amplitude < 0` fails, like a simulator rejecting its parameters.
struct RampRunner: PointRunner {
    struct Parameters: Codable { var amplitude: Double }
    func run(_ point: SweepPoint) throws -> [String: Tensor] {
        let amplitude = try point.decodeParameters(Parameters.self).amplitude
        if amplitude < 0 { throw OperandoError(.usage, "negative amplitude") }
        var generator = SplitMix64(seed: point.seed)
        return ["frames": Tensor(shape: [4, 3, 3], scalars: (0..<36).map { _ in Float(amplitude) * generator.nextUniform() })]
    }
}

func rampManifest(amplitudes: [Double], seed: UInt64 = 1) throws -> SweepManifest {
    let points = try amplitudes.enumerated().map { index, amplitude in
        try SweepPoint(model: "ramp", parameters: RampRunner.Parameters(amplitude: amplitude), seed: SplitMix64.derivedSeed(master: seed, index: UInt64(index)))
    }
    return SweepManifest(description: SweepDescription(model: "ramp", name: "ramps", masterSeed: seed, count: points.count, request: [:]), points: points)
}

struct SweepTests {
    @Test func pointIdIgnoresNumberSpelling() throws {
        let a = try JSON.decode(SweepPoint.self, from: #"{"model":"m","parameters":{"K":0.1},"seed":3}"#)
        let b = try JSON.decode(SweepPoint.self, from: #"{"seed":3,"parameters":{"K":1e-1},"model":"m"}"#)
        #expect(a.id == b.id)
        #expect(a.id.count == 64)
    }

    @Test func localSweepIngestsOnceAndAssemblesADataset() throws {
        // Given a 5-point sweep run locally into a spool
        let folder = try TemporaryDirectory()
        let project = try Project.create(at: folder.path("p"))
        let manifest = try rampManifest(amplitudes: [0.1, 0.2, 0.3, 0.4, 0.5])
        let spool = folder.path("spool")
        #expect(LocalExecutor.run(manifest: manifest, spool: spool, jobs: 2, runner: RampRunner()) == (5, 0))
        // When it is ingested twice
        let first = try Ingest.run(project: project, manifest: manifest, spool: spool, executor: "local")
        let second = try Ingest.run(project: project, manifest: manifest, spool: spool, executor: "local")
        // Then the first stores all five and the dataset, the second stores nothing new
        #expect(first.ingested.count == 5)
        #expect(second.ingested.isEmpty && second.skipped.count == 5)
        #expect(first.dataset != nil && first.dataset == second.dataset)
        #expect(try project.database.artifacts(kind: "simulation").count == 5)
        let dataset = try JSON.decode(DatasetMetadata.self, from: try project.database.artifact(first.dataset!).metadata)
        #expect(Set(dataset.train + dataset.validation + dataset.test).count == 5)
        #expect(dataset.validation.count == 1 && dataset.test.count == 1)
        // And the dataset's lineage reaches every simulation
        #expect(try project.database.lineage(of: first.dataset!).artifacts.count == 6)
        // And a rerun of the executor computes nothing (resume)
        #expect(LocalExecutor.run(manifest: manifest, spool: spool, jobs: 2, runner: RampRunner()).ran == 0)
    }

    @Test func failedAndCorruptBundlesAreReportedAndNotStored() throws {
        let folder = try TemporaryDirectory()
        let project = try Project.create(at: folder.path("p"))
        let manifest = try rampManifest(amplitudes: [0.1, -1, 0.3, 0.4])
        let spool = folder.path("spool")
        // Point 3 is never run (missing)
        let result = LocalExecutor.run(manifest: manifest, indices: [0, 1, 2], spool: spool, jobs: 2, runner: RampRunner())
        #expect(result == (3, 1))
        // Corrupt point 2's frames after the fact
        let damaged = spool.appendingPathComponent(manifest.points[2].id).appendingPathComponent("frames.npy")
        try Data([0x93, 1, 2]).write(to: damaged)
        let report = try Ingest.run(project: project, manifest: manifest, spool: spool, executor: "local")
        #expect(report.ingested == [manifest.points[0].id])
        #expect(report.failed.keys.sorted() == [manifest.points[1].id])
        #expect(report.corrupt.count == 1)
        #expect(report.missing == [manifest.points[3].id])
        #expect(report.dataset == nil)
        #expect(try project.database.artifacts(kind: "simulation").count == 1)
    }

    @Test func npyRoundTripsAndMatchesNumpysHeaderLayout() throws {
        let tensor = Tensor(shape: [2, 3, 4], scalars: (0..<24).map { Float($0) * 0.5 })
        let bytes = NPY.encode(tensor)
        #expect(bytes.count % 64 == 24 * 4 % 64)  // header padded to a multiple of 64
        #expect(try NPY.decode(bytes) == tensor)
        #expect(throws: OperandoError.self) { try NPY.decode(Array(bytes.dropLast())) }
    }
}
