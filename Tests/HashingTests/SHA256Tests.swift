import Foundation
import Tensor
import Testing
import TestSupport
@testable import Hashing

/// SHA-256 against the FIPS 180-4 / NIST example vectors, between the hardware and portable
/// paths, across chunked updates, and against Python's hashlib on random data.
struct SHA256Tests {
    static let vectors: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    @Test(arguments: [true, false])
    func nistVectors(useHardware: Bool) {
        for (message, digest) in Self.vectors {
            var hasher = SHA256(useHardwareIfAvailable: useHardware)
            hasher.update(Array(message.utf8))
            #expect(SHA256.hex(hasher.finalize()) == digest, "\"\(message)\"")
        }
        var hasher = SHA256(useHardwareIfAvailable: useHardware)
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(SHA256.hex(hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// On a CPU that advertises `sha_ni`, the hardware path must actually be taken.
    @Test func hardwarePathIsUsedWhenTheCPUHasIt() throws {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return }
        #expect(SHA256.hardwareAvailable == cpuinfo.contains(" sha_ni"))
    }

    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    @Test func chunkedUpdatesAndBothPathsAgree() {
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4099] {
            let bytes = Self.randomBytes(length, seed: UInt64(length) + 11)
            let whole = SHA256.hash(bytes)
            var portable = SHA256(useHardwareIfAvailable: false)
            var chunked = SHA256()
            var start = 0, step = 1
            while start < length {
                let end = min(length, start + step)
                chunked.update(Array(bytes[start..<end]))
                portable.update(Array(bytes[start..<end]))
                start = end
                step = step * 3 + 1
            }
            #expect(chunked.finalize() == whole, "length \(length)")
            #expect(portable.finalize() == whole, "length \(length)")
        }
    }

    @Test(.enabled(if: PythonReference.hasModules("hashlib")))
    func matchesPythonHashlib() throws {
        for length in [3, 64, 1_000, 70_001] {
            let bytes = Self.randomBytes(length, seed: 99 + UInt64(length))
            let reference = try #require(PythonReference.run(
                "import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())", input: Data(bytes)))
            #expect(SHA256.hexDigest(of: bytes) == reference, "length \(length)")
        }
    }
}
