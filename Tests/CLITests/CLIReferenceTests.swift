import Foundation
import Testing
@testable import operando

struct CLIReferenceTests {
    /// Docs/cli.md must be exactly what the parser generates today.
    @Test func docsCLIReferenceIsUpToDate() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Docs/cli.md")
        let committed = try String(contentsOf: url, encoding: .utf8)
        let generated = Operando.CLIReference.markdown()
        let firstDifference = zip(committed.split(separator: "\n", omittingEmptySubsequences: false),
                                  generated.split(separator: "\n", omittingEmptySubsequences: false))
            .enumerated().first { $0.element.0 != $0.element.1 }
            .map { "line \($0.offset + 1): committed '\($0.element.0)', generated '\($0.element.1)'" } ?? "lengths differ"
        #expect(committed == generated, "Docs/cli.md is out of date (\(firstDifference)); regenerate with `swift run operando cli-reference > Docs/cli.md`")
    }

    /// Every visible command appears under its full path, and hidden ones do not.
    @Test func referenceCoversEveryVisibleCommand() {
        let text = Operando.CLIReference.markdown()
        #expect(text.contains("\n### operando bench\n"))
        #expect(text.contains("\n#### operando bench store\n"))
        #expect(text.contains("\n### operando reproduce\n"))
        #expect(!text.contains("cli-reference\n```"))
        #expect(!text.contains("## operando cli-reference"))
        // One fenced help screen per section heading
        #expect(text.components(separatedBy: "```text\n").count == text.components(separatedBy: "\n#").count)
    }
}
