import Dispatch
import Foundation

/// Runs independent jobs on all cores (`DispatchQueue.concurrentPerform`), keeps results in
/// index order, reports progress after each job and rethrows the first error.
enum ParallelRunner {
    static func map<T: Sendable>(
        count: Int, progress: (@Sendable (BankProgress) -> Void)?, _ job: @Sendable (Int) throws -> T
    ) throws -> [T] {
        let box = ResultBox<T>(count: count)
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: count) { index in
            if box.hasFailed { return }
            let outcome = Result { try job(index) }
            let completed = box.store(outcome, at: index)
            if let progress {
                let elapsed = ContinuousClock.now - start
                progress(BankProgress(completed: completed, total: count, elapsedSeconds: elapsed.seconds))
            }
        }
        return try box.results()
    }
}

/// Lock-protected storage for `ParallelRunner`.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    private var firstError: (any Error)?
    private var completed = 0

    init(count: Int) { slots = [T?](repeating: nil, count: count) }

    var hasFailed: Bool { lock.withLock { firstError != nil } }

    func store(_ outcome: Result<T, any Error>, at index: Int) -> Int {
        lock.withLock {
            switch outcome {
            case .success(let value): slots[index] = value
            case .failure(let error): if firstError == nil { firstError = error }
            }
            completed += 1
            return completed
        }
    }

    func results() throws -> [T] {
        try lock.withLock {
            if let firstError { throw firstError }
            return slots.map { $0! }
        }
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
