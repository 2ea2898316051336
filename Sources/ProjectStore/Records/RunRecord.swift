public import Foundation
public import GRDB

/// One run (a W3C PROV activity): import, preprocess, simulate, train, predict, infer…
public struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "run"

    /// `running` while its process works; `interrupted` once that process is found dead.
    public enum Status: String, Codable, Sendable, DatabaseValueConvertible {
        case running, done, failed, interrupted
    }

    public var id: String
    public var kind: String
    public var status: Status
    public var startedAt: Date
    public var endedAt: Date?
    public var seed: Int64?
    public var softwareVersion: String
    public var host: String
    public var pid: Int64
    /// The command line that started the run.
    public var command: String
    public var error: String?

    public enum Columns {
        public static let id = Column("id")
        public static let kind = Column("kind")
        public static let status = Column("status")
        public static let startedAt = Column("startedAt")
    }
}
