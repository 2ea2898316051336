/// Progress of a bank build or calibration: reported after each finished forward run.
public struct BankProgress: Sendable, Equatable {
    /// Runs finished so far.
    public let completed: Int
    /// Runs in total.
    public let total: Int
    /// Wall time since the start, in seconds.
    public let elapsedSeconds: Double
}
