import Foundation
import Workflows

/// Prints benchmark reports: JSON, or one line per report with its details indented.
func printBenchmarkReports(_ reports: [BenchmarkReport], json: Bool) throws {
    if json { return try printJSON(reports) }
    for report in reports {
        print(report.line)
        for (key, value) in report.details.sorted(by: { $0.key < $1.key }) { print("    \(key): \(value)") }
    }
}
