import Testing
@testable import Hashing

struct SHA256Tests {
    /// FIPS 180-4 example vectors and the million-'a' vector.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func matchesStandardVectors(_ message: String, _ expected: String) {
        #expect(SHA256.hex(of: Array(message.utf8)) == expected)
    }

    @Test func streamingInOddChunksEqualsOneShot() {
        let bytes = (0..<1_000_000).map { _ in UInt8(ascii: "a") }
        var hasher = SHA256()
        var offset = 0
        var chunk = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            hasher.update(Array(bytes[offset..<end]))
            offset = end
            chunk = chunk * 3 % 997 + 1
        }
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
