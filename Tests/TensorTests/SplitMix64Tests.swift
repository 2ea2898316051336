import Testing
@testable import Tensor

struct SplitMix64Tests {
    /// Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c, first three outputs).
    @Test func matchesTheReferenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func normalsHaveUnitVariance() {
        var generator = SplitMix64(seed: 42)
        let draws = (0..<20_000).map { _ in Double(generator.nextNormal()) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(draws.count)
        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.05)
    }
}
