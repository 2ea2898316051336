import Foundation
import ImageFiles
import Tensor
import Testing
import TestSupport

/// Real processes against one project: concurrent writers, and kill -9 at arbitrary moments.
struct StoreRobustnessTests {
    /// A uint16 TYX stack of `frames` × `side`² with seeded content.
    static func writeStack(_ path: String, frames: Int, side: Int, seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        let tensor = Tensor(shape: [frames, side, side], scalars: (0..<(frames * side * side)).map { _ in generator.nextUniform() })
        try TIFFWriter.write(ImageStack(frames: tensor, encoding: .uint16(scale: 65535)), to: path)
    }

    @Test func twoProcessesWritingOneProjectBothSucceed() throws {
        let folder = try TemporaryDirectory()
        #expect(try OperandoProcess.run(["init", "p"], in: folder.url).status == 0)
        let files = try (0..<6).map { index -> String in
            let path = folder.path("s\(index).tif").path
            try Self.writeStack(path, frames: 4, side: 32, seed: UInt64(index))
            return path
        }
        let first = try OperandoProcess.start(["import"] + Array(files[0..<3]), in: folder.path("p"))
        let second = try OperandoProcess.start(["import"] + Array(files[3..<6]), in: folder.path("p"))
        first.0.waitUntilExit()
        second.0.waitUntilExit()
        #expect(first.0.terminationStatus == 0)
        #expect(second.0.terminationStatus == 0)
        let listing = try OperandoProcess.run(["query", "--csv", "SELECT count(*) AS n FROM artifacts"], in: folder.path("p"))
        #expect(listing.stdout == "n\n6\n")
        #expect(try OperandoProcess.run(["fsck"], in: folder.path("p")).status == 0)
    }

    @Test func killedImportsLeaveNoRowPointingAtAMissingBlob() throws {
        let folder = try TemporaryDirectory()
        #expect(try OperandoProcess.run(["init", "p"], in: folder.url).status == 0)
        let big = folder.path("big.tif").path
        try Self.writeStack(big, frames: 60, side: 512, seed: 9)
        let delays = [0.02, 0.15, 0.3, 0.6]
        for delay in delays {
            let (process, _, _) = try OperandoProcess.start(["import", big], in: folder.path("p"))
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let check = try OperandoProcess.run(["fsck", "--json"], in: folder.path("p"))
            #expect(check.status == 0, "after kill at \(delay) s: \(check.stdout)")
        }
        // A run left `running` by a dead process is shown as interrupted
        let runs = try OperandoProcess.run(["runs", "--csv"], in: folder.path("p"))
        #expect(!runs.stdout.contains(",running,"))
        // And the import still works, once
        #expect(try OperandoProcess.run(["import", big], in: folder.path("p")).status == 0)
        let stacks = try OperandoProcess.run(["query", "--csv", "SELECT count(*) AS n FROM artifacts"], in: folder.path("p"))
        #expect(stacks.stdout == "n\n1\n")
        #expect(try OperandoProcess.run(["fsck"], in: folder.path("p")).status == 0)
    }
}
