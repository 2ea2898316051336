public import ProjectStore

/// `operando diff RUN1 RUN2`: what differs between two runs.
public struct RunDiff: Codable, Sendable {
    public struct Change: Codable, Sendable, Equatable {
        public var name: String
        public var left: ParameterValue?
        public var right: ParameterValue?
    }

    public var left: String
    public var right: String
    public var fields: [Change]
    public var parameters: [Change]
    public var results: [Change]
    /// Inputs used by only one of the two runs (`left:` / `right:` prefixed ids).
    public var inputs: [Change]

    public static func compare(_ leftReference: String, _ rightReference: String, in project: Project) throws -> RunDiff {
        let database = project.database
        let left = try database.run(leftReference)
        let right = try database.run(rightReference)
        func changes(_ a: [String: ParameterValue], _ b: [String: ParameterValue]) -> [Change] {
            Set(a.keys).union(b.keys).sorted().compactMap { name in a[name] == b[name] ? nil : Change(name: name, left: a[name], right: b[name]) }
        }
        func fields(_ run: RunRecord) -> [String: ParameterValue] {
            ["kind": .text(run.kind), "status": .text(run.status.rawValue), "version": .text(run.softwareVersion), "host": .text(run.host)]
                .merging(run.seed.map { ["seed": .integer($0)] } ?? [:]) { a, _ in a }
        }
        func inputs(_ run: RunRecord) throws -> [String: ParameterValue] {
            Dictionary(try database.edges(ofRun: run.id).filter { $0.relation == .used }.map { ($0.role.isEmpty ? $0.artifactId : "\($0.role):\($0.artifactId)", .text($0.artifactId)) }) { a, _ in a }
        }
        return RunDiff(
            left: left.id, right: right.id, fields: changes(fields(left), fields(right)),
            parameters: changes(try database.values(of: left.id, role: "parameter"), try database.values(of: right.id, role: "parameter")),
            results: changes(try database.values(of: left.id, role: "result"), try database.values(of: right.id, role: "result")),
            inputs: changes(try inputs(left), try inputs(right)))
    }
}
