import Foundation
public import ProjectStore

/// Renders a provenance sub-graph for other tools: W3C PROV-JSON and Graphviz DOT.
public enum ProvenanceExport {
    /// W3C PROV-JSON (https://www.w3.org/submissions/prov-json/): artifacts are entities, runs
    /// are activities, edges are `used` and `wasGeneratedBy`, all under the `operando:` prefix.
    public static func provJSON(_ graph: ProvenanceGraph, parameters: [String: [String: ParameterValue]]) throws -> String {
        var entities: [String: JSONValue] = [:]
        for artifact in graph.artifacts {
            entities["operando:\(artifact.id)"] = .object([
                "prov:type": .string("operando:\(artifact.kind)"),
                "prov:label": .string(artifact.name ?? artifact.id),
                "operando:identity": .string(artifact.identity),
                "operando:metadata": (try? JSON.decode(JSONValue.self, from: artifact.metadata)) ?? .null,
            ])
        }
        var activities: [String: JSONValue] = [:]
        for run in graph.runs {
            var fields: [String: JSONValue] = [
                "prov:type": .string("operando:\(run.kind)"),
                "prov:startTime": .string(ISO8601Timestamp.string(from: run.startedAt)),
                "operando:status": .string(run.status.rawValue),
                "operando:softwareVersion": .string(run.softwareVersion),
                "operando:host": .string(run.host),
            ]
            if let ended = run.endedAt { fields["prov:endTime"] = .string(ISO8601Timestamp.string(from: ended)) }
            if let seed = run.seed { fields["operando:seed"] = .number(Double(seed)) }
            for (name, value) in parameters[run.id] ?? [:] {
                fields["operando:\(name)"] = switch value {
                case .integer(let number): .number(Double(number))
                case .real(let number): .number(number)
                case .text(let text): .string(text)
                }
            }
            activities["operando:\(run.id)"] = .object(fields)
        }
        var used: [String: JSONValue] = [:]
        var generated: [String: JSONValue] = [:]
        for (index, edge) in graph.edges.sorted(by: { ($0.runId, $0.artifactId) < ($1.runId, $1.artifactId) }).enumerated() {
            switch edge.relation {
            case .used:
                used["_:u\(index)"] = .object([
                    "prov:activity": .string("operando:\(edge.runId)"), "prov:entity": .string("operando:\(edge.artifactId)"),
                    "prov:role": .string(edge.role),
                ])
            case .generated:
                generated["_:g\(index)"] = .object([
                    "prov:entity": .string("operando:\(edge.artifactId)"), "prov:activity": .string("operando:\(edge.runId)"),
                ])
            }
        }
        let document: JSONValue = .object([
            "prefix": .object(["operando": .string("https://operando.invalid/ns#")]),
            "entity": .object(entities), "activity": .object(activities),
            "used": .object(used), "wasGeneratedBy": .object(generated),
        ])
        return try JSON.pretty(document)
    }

    /// Graphviz DOT: artifacts as ellipses, runs as boxes, arrows in the direction data flowed.
    public static func dot(_ graph: ProvenanceGraph) -> String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var lines = ["digraph provenance {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=10];"]
        for artifact in graph.artifacts {
            lines.append("  \(quoted(artifact.id)) [shape=ellipse, style=filled, fillcolor=\"#fff3c4\", label=\(quoted("\(artifact.kind)\n\(artifact.name ?? "")\n\(artifact.id)"))];")
        }
        for run in graph.runs {
            lines.append("  \(quoted(run.id)) [shape=box, style=filled, fillcolor=\"#cfe2ff\", label=\(quoted("\(run.kind)\n\(run.status.rawValue)\n\(run.id)"))];")
        }
        for edge in graph.edges.sorted(by: { ($0.runId, $0.artifactId) < ($1.runId, $1.artifactId) }) {
            switch edge.relation {
            case .used: lines.append("  \(quoted(edge.artifactId)) -> \(quoted(edge.runId)) [label=\(quoted(edge.role))];")
            case .generated: lines.append("  \(quoted(edge.runId)) -> \(quoted(edge.artifactId));")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
