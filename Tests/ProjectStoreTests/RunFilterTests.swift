import Foundation
import Testing
@testable import ProjectStore

struct RunFilterTests {
    /// 60 runs with K (real), frames (integer), label (text) and alternating status.
    static func populatedStore() throws -> ProjectDatabase {
        let db = try ProjectDatabase.inMemory()
        for index in 0..<60 {
            let id = String(format: "run-%03d", index)
            try db.beginRun(StoreFixture.run(id, kind: index % 3 == 0 ? "infer" : "train", parameters: [
                "K": .real(0.8 + Double(index) * 0.03), "frames": .integer(Int64(10 + index % 7)), "label": .text(index % 2 == 0 ? "even" : "odd"),
            ]))
            if index % 4 != 0 { try db.completeRun(id, results: ["rmse": .real(Double(index % 10) / 100)]) }
        }
        return db
    }

    /// The same predicate evaluated in Swift on the stored rows: the independent reference.
    static func reference(_ db: ProjectDatabase, _ predicate: (RunRow) -> Bool) throws -> [String] {
        try db.runs().filter(predicate).map(\.run.id).sorted()
    }

    static func number(_ row: RunRow, _ name: String) -> Double? { (row.results[name] ?? row.parameters[name])?.number }

    @Test func filtersAgreeWithASwiftReference() throws {
        let db = try Self.populatedStore()
        let cases: [(String, (RunRow) -> Bool)] = [
            ("K > 1.5 and status = done", { Self.number($0, "K")! > 1.5 && $0.run.status == .done }),
            ("K between 1 and 1.3 or label = 'odd'", { (1...1.3).contains(Self.number($0, "K")!) || $0.parameters["label"] == .text("odd") }),
            ("frames in (10, 12, 16) and not status = running", { [10, 12, 16].contains(Self.number($0, "frames")!) && $0.run.status != .running }),
            ("rmse is null", { $0.results["rmse"] == nil }),
            ("rmse >= 0.05 and (kind = infer or K < 1)", { (Self.number($0, "rmse") ?? -1) >= 0.05 && ($0.run.kind == "infer" || Self.number($0, "K")! < 1) }),
            ("label like 'ev%'", { $0.parameters["label"] == .text("even") }),
        ]
        for (text, predicate) in cases {
            let filtered = try db.runs(filter: try RunFilter.parse(text)).map(\.run.id).sorted()
            let expected = try Self.reference(db, predicate)
            #expect(filtered == expected, "\(text)")
            #expect(!expected.isEmpty, "\(text) should match something")
        }
    }

    @Test func numbersCompareNumericallyNotAsText() throws {
        let db = try ProjectDatabase.inMemory()
        try db.beginRun(StoreFixture.run("a", parameters: ["steps": .integer(9)]))
        try db.beginRun(StoreFixture.run("b", parameters: ["steps": .integer(10)]))
        #expect(try db.runs(filter: RunFilter.parse("steps > 9.5")).map(\.run.id) == ["b"])
        #expect(try db.runs(sort: "-steps").map(\.run.id) == ["b", "a"])
    }

    @Test(arguments: ["K >", "K ! 3", "(K > 1", "K between 1", "K in 1, 2", "'unterminated", "K > 1 2"])
    func malformedFiltersAreRejected(_ text: String) {
        #expect(throws: RunFilterError.self) { try RunFilter.parse(text) }
    }
}

struct RunListingValueTests {
    @Test func listingLoadsOnlyTheRequestedValues() throws {
        let db = try RunFilterTests.populatedStore()
        let all = try db.runs(kind: "infer", filter: nil)
        let some = try db.runs(kind: "infer", valueNames: ["K"])
        let none = try db.runs(kind: "infer", valueNames: [])
        #expect(all.map(\.run.id) == some.map(\.run.id) && some.map(\.run.id) == none.map(\.run.id))
        #expect(zip(all, some).allSatisfy { full, partial in partial.parameters == ["K": full.parameters["K"]!] && partial.results.isEmpty })
        #expect(none.allSatisfy { $0.parameters.isEmpty && $0.results.isEmpty })
    }
}
