import Foundation

/// The version recorded with every run, and this machine's name.
public enum SoftwareVersion {
    /// Semantic version of Operando; bump it with every release.
    public static let current = "0.1.0"
}

/// The host name recorded with every run.
public enum Host {
    public static let name: String = ProcessInfo.processInfo.hostName
}
