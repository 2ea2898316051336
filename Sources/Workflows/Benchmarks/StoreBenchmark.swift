import Dispatch
public import Foundation
import Glibc
import ProjectStore
import Tensor

/// Speed of the provenance store at scale: a synthetic project with ~`runs` runs and ~`edges`
/// edges, built through the real `ProjectDatabase` API in a temporary folder, then timed on the
/// two questions people ask most — the lineage of a deep artifact and a filtered run listing.
///
/// The graph is made of independent campaigns, each the shape of real work:
/// ```
/// import → stack → preprocess → pre ─────────────────────────────┐
/// simulate sweep k (fan-out P) → sim[k,1…P]                      │
/// train k: uses weights[k-1] + sim[k,1…P] → weights[k]   (k = 1…T, a fine-tuning chain)
/// predict k: uses weights[k] + pre → prediction[k]               │
/// infer k: uses weights[k] + pre → inference[k] ◄────────────────┘
/// ```
/// A campaign has `2 + 4T` runs and `3 + T(2P + 8)` edges; with T = 25 the fan-out P is chosen
/// so that edges/runs matches the request. The deepest artifact, `inference[T]` of a middle
/// campaign, sits T + 2 generations below its stack. Every run carries typed parameters
/// (K, recipe, epochs, learning rate…) and infer runs a result `K`; ~5 % of predict and infer runs failed (never the last infer).
///
/// Anchors are the targets of the issue: lineage ≤ 100 ms, filtered listing ≤ 200 ms, also
/// with the table text `operando runs` prints (median of `repeats` timings each, after one
/// warm-up).
public enum StoreBenchmark {
    /// Length of each campaign's fine-tuning chain.
    public static let chainLength = 25
    /// The filter timed on the listing of `infer` runs.
    public static let filterText = "K > 1.5 and status = done"

    /// Builds the store and times both queries. The project is built in a temporary folder and
    /// deleted afterwards, or built in `keep` and left there (to time `operando runs` on it); when
    /// `keep` already holds a store this benchmark built with the same sizes, it is timed as is.
    public static func run(
        runs targetRuns: Int = 100_000, edges targetEdges: Int = 1_000_000, repeats: Int = 7, keep: URL? = nil
    ) throws -> [BenchmarkReport] {
        precondition(targetRuns >= 2 + 4 * chainLength && targetEdges >= targetRuns && repeats >= 1,
                     "StoreBenchmark: runs \(targetRuns), edges \(targetEdges), repeats \(repeats)")
        let folder = keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("operando-store-bench-\(UUID().uuidString)")
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }
        let reused = FileManager.default.fileExists(atPath: folder.appendingPathComponent(Project.databaseName).path)
        let project = reused ? try Project.open(at: folder) : try Project.create(at: folder)

        let chain = chainLength
        let runsPerCampaign = 2 + 4 * chain
        let campaigns = max(1, targetRuns / runsPerCampaign)
        let edgesPerCampaign = Double(targetEdges) / Double(campaigns)
        let fanOut = max(1, Int((edgesPerCampaign - 3 - 8 * Double(chain)) / Double(2 * chain)))
        let deepest = ArtifactKind.inference.id(identity: inferenceIdentity(campaign: campaigns / 2, step: chain))

        let buildStart = DispatchTime.now()
        if !reused {
            let clock = SyntheticClock()
            var batch: [CompletedRun] = []
            for campaign in 0..<campaigns {
                batch += campaignRuns(campaign, chain: chain, fanOut: fanOut, clock: clock)
                if batch.count >= 5_000 {
                    try project.database.insertCompletedRuns(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try project.database.insertCompletedRuns(batch)
        }
        let buildSeconds = seconds(since: buildStart)
        let counts = try project.readOnlyQuery("""
            SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM edges), (SELECT count(*) FROM artifacts),
                   (SELECT count(*) FROM run_values),
                   (SELECT value FROM run_values WHERE runId = 'run-c0-simulate-1' AND name = 'points')
            """).rows[0].map { $0?.description ?? "?" }
        guard counts[0] == "\(campaigns * runsPerCampaign)" && counts[4] == "\(fanOut)" else {
            throw OperandoError(.dataError, """
                \(folder.path) holds a store of \(counts[0]) runs with sweep fan-out \(counts[4]), not the \
                \(campaigns * runsPerCampaign) runs with fan-out \(fanOut) these sizes build; pass the --runs and --edges \
                it was built with, or another folder
                """)
        }

        let filter = try RunFilter.parse(filterText)
        var lineageSize = (artifacts: 0, runs: 0, edges: 0)
        let lineage = try medianTimes(repeats) {
            let graph = try project.database.lineage(of: deepest)
            lineageSize = (graph.artifacts.count, graph.runs.count, graph.edges.count)
        }
        var listed = 0
        let listing = try medianTimes(repeats) {
            // What `operando runs --kind infer --where '…' --columns K` loads: the matching runs
            // and the one value it shows.
            listed = try project.database.runs(kind: "infer", filter: filter, sort: "started", limit: nil, valueNames: ["K"]).count
        }
        var tableBytes = 0
        let table = try medianTimes(repeats) {
            // …and the text it prints.
            let rows = try project.database.runs(kind: "infer", filter: filter, sort: "started", limit: nil, valueNames: ["K"])
            tableBytes = TableFormat.text(columns: RunTable.header(valueNames: ["K"]), rows: RunTable.cells(rows, valueNames: ["K"])).utf8.count
        }

        let store: [String: String] = [
            "runs": counts[0], "edges": counts[1], "artifacts": counts[2], "values": counts[3], "campaigns": "\(campaigns) × (chain \(chain), sweep fan-out \(fanOut))",
            "build": reused ? "reused \(folder.path)" : String(format: "%.1f s", buildSeconds), "repeats": "\(repeats), median after 1 warm-up",
        ]
        /// One report against its target in ms, with the store's facts and the timing's CPU time.
        func report(_ name: String, _ timing: (wall: Double, cpu: Double), target: Double, _ facts: [String: String]) -> BenchmarkReport {
            BenchmarkReport(
                name: name, unit: "ms", operando: timing.wall, anchor: target, anchorName: "target",
                details: store.merging(facts.merging(["cpu": String(format: "%.1f ms (process CPU time, median)", timing.cpu)]) { $1 }) { $1 })
        }
        return [
            report("lineage of a deep artifact", lineage, target: 100, [
                "artifact": "\(deepest) (\(chain + 2) generations below its stack)",
                "answer": "\(lineageSize.artifacts) artifacts, \(lineageSize.runs) runs, \(lineageSize.edges) edges",
            ]),
            report("filtered run listing", listing, target: 200, [
                "query": "runs(kind: \"infer\", filter: \"\(filterText)\", sort: \"started\", valueNames: [\"K\"])",
                "answer": "\(listed) runs with the value K",
            ]),
            report("filtered run listing as table text", table, target: 200, [
                "query": "the listing above, then RunTable.cells and TableFormat.text (what `operando runs … --columns K` prints)",
                "answer": "\(tableBytes) bytes of text",
            ]),
        ]
    }

    /// Identity of the inference made by step `step` of campaign `campaign`.
    static func inferenceIdentity(campaign: Int, step: Int) -> String { "c\(campaign)/inference\(step)" }

    /// One campaign's runs, oldest first.
    static func campaignRuns(_ campaign: Int, chain: Int, fanOut: Int, clock: SyntheticClock) -> [CompletedRun] {
        var random = SplitMix64(seed: SplitMix64.derivedSeed(master: 2024, index: UInt64(campaign)))
        var runs: [CompletedRun] = []
        let tag = "c\(campaign)"

        func artifact(_ kind: ArtifactKind, _ identity: String, metadata: String = "{}") -> ArtifactDraft {
            ArtifactDraft(record: ArtifactRecord(
                id: kind.id(identity: identity), kind: kind.rawValue, name: nil, identity: identity,
                metadata: metadata, createdAt: clock.now), files: [:])
        }
        func add(
            _ kind: String, _ index: Int, parameters: [String: ParameterValue], used: [(artifactId: String, role: String)],
            outputs: [ArtifactDraft], results: [String: ParameterValue] = [:], seed: Int64? = nil, mayFail: Bool = false
        ) {
            let started = clock.tick()
            let failed = mayFail && Double(random.nextUniform()) < 0.05
            let draft = RunDraft(
                id: "run-\(tag)-\(kind)-\(index)", kind: kind, parameters: parameters, seed: seed,
                command: "operando \(kind) (synthetic)", softwareVersion: SoftwareVersion.current, host: "bench", pid: 1,
                used: used)
            runs.append(CompletedRun(
                draft: draft, status: failed ? .failed : .done, startedAt: started, endedAt: clock.tick(),
                results: failed ? [:] : results, outputs: failed ? [] : outputs))
        }

        let stack = artifact(.stack, "\(tag)/file-sha256", metadata: #"{"frames":100,"width":256,"height":256}"#)
        runs.append(CompletedRun(
            draft: RunDraft(
                id: "run-\(tag)-import-0", kind: "import", parameters: ["path": .text("/data/\(tag).tif"), "pixelSize": .real(0.5)],
                command: "operando import (synthetic)", softwareVersion: SoftwareVersion.current, host: "bench", pid: 1),
            startedAt: clock.tick(), endedAt: clock.tick(), outputs: [stack]))
        let pre = artifact(.preprocessedStack, "\(tag)/pre")
        runs.append(CompletedRun(
            draft: RunDraft(
                id: "run-\(tag)-preprocess-0", kind: "preprocess", parameters: ["recipe": .text("denoise nlm h=0.1\nthreshold otsu")],
                command: "operando preprocess (synthetic)", softwareVersion: SoftwareVersion.current, host: "bench", pid: 1,
                used: [(stack.record.id, "input")]),
            startedAt: clock.tick(), endedAt: clock.tick(), outputs: [pre]))

        var weights: String?
        for k in 1...chain {
            let center = 0.5 + 2.5 * Double(random.nextUniform())
            let simulations = (0..<fanOut).map { point in
                artifact(.simulation, "\(tag)/sweep\(k)/point\(point)", metadata: #"{"model":"dendrite","K":\#(center)}"#)
            }
            add("simulate", k, parameters: ["model": .text("dendrite"), "K": .real(center), "points": .integer(Int64(fanOut))],
                used: [], outputs: simulations, seed: Int64(k))
            let newWeights = artifact(.weights, "\(tag)/weights\(k)")
            add("train", k, parameters: ["epochs": .integer(20), "learningRate": .real(1e-3), "K": .real(center)],
                used: (weights.map { [($0, "resume")] } ?? []) + simulations.map { ($0.record.id, "dataset") },
                outputs: [newWeights], results: ["loss": .real(Double(random.nextUniform()) * 0.1)], seed: Int64(k))
            weights = newWeights.record.id
            add("predict", k, parameters: ["horizon": .integer(50)],
                used: [(newWeights.record.id, "model"), (pre.record.id, "input")],
                outputs: [artifact(.prediction, "\(tag)/prediction\(k)")], mayFail: true)
            let inference = artifact(.inference, inferenceIdentity(campaign: campaign, step: k))
            let inferredK = 0.5 + 2.5 * Double(random.nextUniform())
            add("infer", k, parameters: ["prior": .text("uniform"), "samples": .integer(4000), "sigma": .real(0.05)],
                used: [(newWeights.record.id, "model"), (pre.record.id, "input")],
                outputs: [inference], results: ["K": .real(inferredK), "KStd": .real(0.05 * Double(random.nextUniform()))],
                seed: Int64(k), mayFail: k < chain)
        }
        return runs
    }

    /// Median wall time and median process CPU time of `repeats` calls after one warm-up call,
    /// in milliseconds. On a shared machine the CPU time is the steadier figure: the wall time
    /// also counts the time other processes held the cores.
    static func medianTimes(_ repeats: Int, _ body: () throws -> Void) throws -> (wall: Double, cpu: Double) {
        try body()
        var wall: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now()
            let cpuStart = processCPUSeconds()
            try body()
            cpu.append((processCPUSeconds() - cpuStart) * 1000)
            wall.append(seconds(since: start) * 1000)
        }
        return (median(wall), median(cpu))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// CPU time used so far by every thread of this process (`CLOCK_PROCESS_CPUTIME_ID`).
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

/// Strictly increasing timestamps, one minute apart, from 2024-01-01: every synthetic run
/// starts and ends at a distinct time, like runs recorded over months.
final class SyntheticClock {
    private var minutes = 0.0
    var now: Date { Date(timeIntervalSince1970: 1_704_067_200 + minutes * 60) }

    func tick() -> Date {
        minutes += 1
        return now
    }
}
