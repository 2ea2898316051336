public import Foundation
public import ProjectStore

/// Records one run around the work it does: `running` at the start, then either `done` with its
/// outputs (one transaction) or `failed` with the error. Blobs are written before the rows.
public struct RunRecorder: Sendable {
    public let project: Project
    public let run: RunRecord

    /// Starts a run. `command` defaults to this process's command line.
    public static func begin(
        _ project: Project, kind: String, parameters: [String: ParameterValue], seed: UInt64? = nil,
        used: [(artifactId: String, role: String)] = [], command: String = CommandLine.arguments.joined(separator: " ")
    ) throws -> RunRecorder {
        let draft = RunDraft(
            id: "run-" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16),
            kind: kind, parameters: parameters, seed: seed.map { Int64(bitPattern: $0) }, command: command,
            softwareVersion: SoftwareVersion.current, host: Host.name,
            pid: Int64(ProcessInfo.processInfo.processIdentifier), used: used)
        return RunRecorder(project: project, run: try project.database.beginRun(draft))
    }

    /// Runs `body` inside a recorded run: on success its outputs are stored and the run marked
    /// done; on error the run is marked failed and the error rethrown.
    public static func record<Result>(
        _ project: Project, kind: String, parameters: [String: ParameterValue], seed: UInt64? = nil,
        used: [(artifactId: String, role: String)] = [],
        _ body: (RunRecorder) throws -> (outputs: [ArtifactDraft], results: [String: ParameterValue], value: Result)
    ) throws -> (artifacts: [ArtifactRecord], value: Result) {
        let recorder = try begin(project, kind: kind, parameters: parameters, seed: seed, used: used)
        do {
            let (outputs, results, value) = try body(recorder)
            let stored = try project.database.completeRun(recorder.run.id, outputs: outputs, results: results)
            return (stored, value)
        } catch {
            try? project.database.failRun(recorder.run.id, error: String(describing: error))
            throw error
        }
    }

    /// Writes a blob (atomically) and returns its row for an `ArtifactDraft`.
    public func put(_ bytes: [UInt8]) throws -> BlobRecord { try project.blobs.put(bytes) }

    /// Builds the draft of an artifact: its id derives from kind + identity.
    public func artifact(
        _ kind: ArtifactKind, name: String?, identity: String, metadata: some Encodable, files: [String: BlobRecord],
        role: String = "output"
    ) throws -> ArtifactDraft {
        ArtifactDraft(
            record: ArtifactRecord(
                id: kind.id(identity: identity), kind: kind.rawValue, name: name, identity: identity,
                metadata: try JSON.string(metadata)),
            files: files, role: role)
    }
}
