import Foundation
@testable import ProjectStore
import Testing
import Workflows

struct RunTableTests {
    /// A value column shows the run's result of that name, else its parameter, else nothing.
    @Test func valueColumnsPreferResultsThenParameters() {
        let run = RunRecord(
            id: "run-1", kind: "infer", status: .done, startedAt: Date(timeIntervalSince1970: 1_704_067_260.5), endedAt: nil, seed: nil,
            softwareVersion: "test", host: "h", pid: 1, command: "", error: nil)
        let row = RunRow(run: run, parameters: ["K": .real(1.5), "prior": .text("uniform")], results: ["K": .real(2.25)])
        #expect(RunTable.header(valueNames: ["K", "prior", "absent"]) == ["id", "kind", "status", "started", "K", "prior", "absent"])
        #expect(RunTable.cells([row], valueNames: ["K", "prior", "absent"]) == [
            ["run-1", "infer", "done", "2024-01-01T00:01:00Z", "2.25", "uniform", ""],
        ])
    }
}
