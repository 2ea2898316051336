public import Foundation
import Synchronization
public import Tensor

/// Computes the named arrays of one sweep point (`frames` [T, H, W], optional hidden fields).
public protocol PointRunner: Sendable {
    func run(_ point: SweepPoint) throws -> [String: Tensor]
}

/// Runs manifest points on this machine, `jobs` at a time, each into its spool bundle — the
/// very path a Slurm array task takes, so both executors give identical bundles.
public enum LocalExecutor {
    /// Runs the points at `indices` whose bundle is not already in `spool` (so a rerun resumes).
    /// A point that throws leaves a `failed` bundle with its error; the others go on.
    /// - Returns: how many points ran and how many of those failed.
    @discardableResult
    public static func run(
        manifest: SweepManifest, indices: [Int]? = nil, spool: URL, jobs: Int, runner: some PointRunner,
        progress: ProgressReporter? = nil
    ) -> (ran: Int, failed: Int) {
        let wanted = (indices ?? Array(manifest.points.indices)).filter { index in
            !isDone(manifest.points[index], in: spool)
        }
        let next = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, wanted.count))) { _ in
            while true {
                let position = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard position < wanted.count else { return }
                if !runPoint(manifest.points[wanted[position]], spool: spool, runner: runner) {
                    failures.wrappingAdd(1, ordering: .relaxed)
                }
                progress?.advance()
            }
        }
        return (wanted.count, failures.load(ordering: .relaxed))
    }

    /// Runs one point and writes its bundle (`done` or `failed`). Returns true on success.
    @discardableResult
    public static func runPoint(_ point: SweepPoint, spool: URL, runner: some PointRunner) -> Bool {
        let start = Date()
        do {
            let arrays = try runner.run(point)
            try SpoolBundle.write(point: point, arrays: arrays, error: nil, wallSeconds: Date().timeIntervalSince(start), spool: spool)
            return true
        } catch {
            try? SpoolBundle.write(point: point, arrays: [:], error: String(describing: error), wallSeconds: Date().timeIntervalSince(start), spool: spool)
            return false
        }
    }

    /// True when `spool` holds a complete `done` bundle for the point.
    public static func isDone(_ point: SweepPoint, in spool: URL) -> Bool {
        guard let (bundle, _) = try? SpoolBundle.read(spool.appendingPathComponent(point.id)) else { return false }
        return bundle.status == .done
    }
}
