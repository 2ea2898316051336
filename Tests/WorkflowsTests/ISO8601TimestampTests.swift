import Foundation
import Testing
import Workflows

struct ISO8601TimestampTests {
    /// Foundation's `ISO8601DateFormatter` is the reference, on fixed edge cases (epoch, a
    /// fraction before it, a leap day, the last millisecond of a day, 1900 and 2100) and on
    /// ~640 dates from 1900 to 2100 a non-round number of seconds apart.
    @Test func matchesISO8601DateFormatter() {
        let formatter = ISO8601DateFormatter()
        let edges: [TimeInterval] = [0, -0.5, -86_400.25, 951_782_400, 951_868_799.999, 1_704_067_200, -2_208_988_800, 4_102_444_799.9]
        let sweep = stride(from: -2_208_988_800.0, to: 4_102_444_800.0, by: 9_876_543.217)
        for seconds in edges + Array(sweep) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISO8601Timestamp.string(from: date) == formatter.string(from: date), "\(seconds)")
        }
    }
}
