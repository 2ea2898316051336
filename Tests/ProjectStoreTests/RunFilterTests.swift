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

/// Typed semantics on a mixed store: K is a real, an integer or missing as a parameter, and a
/// third of the runs also have a result K, which wins; `flag` is a JSON bool (stored as 0/1).
struct RunFilterSemanticsTests {
    static func mixedStore() throws -> ProjectDatabase {
        let db = try ProjectDatabase.inMemory()
        for index in 0..<40 {
            let id = String(format: "run-%02d", index)
            var parameters: [String: ParameterValue] = [
                "tag": .text(["a", "b", "c", "d"][index % 4]),
                "flag": try JSONDecoder().decode(ParameterValue.self, from: Data((index % 2 == 0 ? "true" : "false").utf8)),
            ]
            switch index % 5 {
            case 0: break
            case 1: parameters["K"] = .integer(Int64(index % 3))
            default: parameters["K"] = .real(0.5 + Double(index * 7 % 20) * 0.05)
            }
            try db.beginRun(StoreFixture.run(id, kind: index % 2 == 0 ? "infer" : "train", parameters: parameters))
            if index % 3 == 0 { try db.completeRun(id, results: ["K": .real(Double(index % 4) * 0.4 + 0.1)]) }
        }
        return db
    }

    /// The run's K as SQL sees it: the result if any, else the parameter, as a number.
    static func k(_ row: RunRow) -> Double? { RunFilterTests.number(row, "K") }

    /// Swift reference order for `sort: "K"` / `"-K"`: missing values first ascending (last
    /// descending), ties by id ascending either way.
    static func sortedByK(_ rows: [RunRow], descending: Bool) -> [String] {
        rows.sorted { left, right in
            let (a, b) = (k(left), k(right))
            if a == b { return left.run.id < right.run.id }
            guard let a else { return !descending }
            guard let b else { return descending }
            return descending ? a > b : a < b
        }.map(\.run.id)
    }

    @Test func typedComparisonsAgreeWithASwiftReference() throws {
        let db = try Self.mixedStore()
        let all: [RunRow] = try db.runs()
        #expect(all.contains { $0.parameters["K"] != nil && $0.results["K"] != nil }, "some runs have both a parameter and a result K")
        let cases: [(String, (RunRow) -> Bool)] = [
            ("K between 0.9 and 1.45", { Self.k($0).map { (0.9...1.45).contains($0) } ?? false }),
            ("K in (1, 2, 0.75)", { Self.k($0).map { [1, 2, 0.75].contains($0) } ?? false }),
            ("K = 1", { Self.k($0) == 1 }),
            ("not K < 1.2", { Self.k($0).map { !($0 < 1.2) } ?? false }),
            ("K > 1 or K is null", { Self.k($0).map { $0 > 1 } ?? true }),
            ("tag in ('a', 'c') and K >= 0.7", { ["a", "c"].contains($0.parameters["tag"]?.description) && (Self.k($0) ?? 0) >= 0.7 }),
            ("flag = 1 and K is not null", { $0.parameters["flag"] == .integer(1) && Self.k($0) != nil }),
        ]
        for (text, predicate) in cases {
            let filtered = try db.runs(filter: try RunFilter.parse(text)).map(\.run.id).sorted()
            let expected = all.filter(predicate).map(\.run.id).sorted()
            #expect(filtered == expected, "\(text)")
            #expect(!expected.isEmpty && expected.count < all.count, "\(text) should match some runs, not all")
        }
    }

    @Test func sortingByAValuePutsMissingValuesFirstAscendingAndLastDescending() throws {
        let db = try Self.mixedStore()
        let all: [RunRow] = try db.runs()
        #expect(try db.runs(sort: "K").map(\.run.id) == Self.sortedByK(all, descending: false))
        #expect(try db.runs(sort: "-K").map(\.run.id) == Self.sortedByK(all, descending: true))
        let filter = try RunFilter.parse("K > 0.6")
        let expected = Self.sortedByK(all.filter { (Self.k($0) ?? 0) > 0.6 }, descending: true)
        #expect(try db.runs(filter: filter, sort: "-K", limit: 7).map(\.run.id) == Array(expected.prefix(7)))
        #expect(try db.runs(kind: "infer", filter: filter, sort: "-K").map(\.run.id) == expected.filter { id in
            all.first { $0.run.id == id }?.run.kind == "infer"
        })
    }

    @Test func requestedValuesAreTheStoredParametersAndResultsOfThoseNames() throws {
        let db = try Self.mixedStore()
        let all = Dictionary(uniqueKeysWithValues: try db.runs(valueNames: nil).map { ($0.run.id, $0) })
        let names: Set<String> = ["K", "flag", "absent"]
        let rows = try db.runs(filter: try RunFilter.parse("K > 0.6 or tag = b"), sort: "-K", valueNames: names)
        #expect(!rows.isEmpty)
        for row in rows {
            let full = try #require(all[row.run.id])
            #expect(row.run == full.run)
            #expect(row.parameters == full.parameters.filter { names.contains($0.key) })
            #expect(row.results == full.results.filter { names.contains($0.key) })
        }
    }

    /// Every `runValue` access of the listing is a primary-key probe per candidate run. (The
    /// slow listing this replaced let SQLite pick the `runValue_name` index for its value lookups,
    /// which scans every value of that name once per chunk of 500 runs.)
    @Test func theListingReadsValuesOnlyThroughThePrimaryKey() throws {
        let db = try Self.mixedStore()
        let (sql, arguments) = ProjectDatabase.listingStatement(
            kind: "infer", filter: try RunFilter.parse("K > 1.5 and status = done"), sort: "-K", limit: nil, valueNames: ["K", "flag"])
        // `query` takes no arguments: inline them as literals (none of them holds a quote or a `?`).
        var inlined = ""
        var remaining = arguments.makeIterator()
        for character in sql {
            guard character == "?", let argument = remaining.next() else { inlined.append(character); continue }
            if case .text(let text) = argument { inlined += "'\(text)'" } else { inlined += argument.description }
        }
        let plan = try ProjectReadOnlyDatabase(reader: db.writer).query("EXPLAIN QUERY PLAN " + inlined).rows.map { $0[3]?.description ?? "" }
        let valueSteps = plan.filter { $0.contains(/\bv[0-9]+[rp]\b/) }
        #expect(valueSteps.count == 4, "\(plan)")
        #expect(valueSteps.allSatisfy { $0.contains("USING PRIMARY KEY (runId=? AND role=? AND name=?)") }, "\(plan)")
    }
}
