import Foundation
import Glibc
import Synchronization

/// Progress on stderr, only when stderr is a terminal: `label  37/800  4.6%  ETA 3m12s  loss 0.012`.
/// Safe to call from several threads. Prints at most ~5 times a second.
public final class ProgressReporter: Sendable {
    private struct State {
        var done = 0
        var lastPrint = 0.0
        var note = ""
    }

    public let label: String
    public let total: Int
    private let start = Date()
    private let state = Mutex(State())
    private let enabled: Bool

    /// - Parameter enabled: print at all; by default only when stderr is a terminal.
    public init(label: String, total: Int, enabled: Bool? = nil) {
        self.label = label
        self.total = total
        self.enabled = enabled ?? (isatty(STDERR_FILENO) == 1)
    }

    /// Marks `count` more items done; `note` is shown after the ETA (e.g. the current loss).
    public func advance(by count: Int = 1, note: String? = nil) {
        let line: String? = state.withLock { state in
            state.done += count
            if let note { state.note = note }
            let elapsed = Date().timeIntervalSince(start)
            guard enabled, elapsed - state.lastPrint > 0.2 || state.done >= total else { return nil }
            state.lastPrint = elapsed
            let fraction = total > 0 ? Double(state.done) / Double(total) : 1
            let eta = state.done > 0 ? elapsed * (1 - fraction) / fraction : 0
            return "\r\(label)  \(state.done)/\(total)  \(String(format: "%5.1f", 100 * fraction))%  ETA \(Self.duration(eta))  \(state.note)\u{1B}[K"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Ends the progress line.
    public func finish() {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        FileHandle.standardError.write(Data("\r\(label)  done in \(Self.duration(elapsed))\u{1B}[K\n".utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total >= 3600 { return "\(total / 3600)h\(String(format: "%02d", total % 3600 / 60))m" }
        if total >= 60 { return "\(total / 60)m\(String(format: "%02d", total % 60))s" }
        return "\(total)s"
    }
}
