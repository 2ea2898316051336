import Glibc
import Tensor
import TestSupport
import Testing

/// `Tensor.tanh()` (and the fused `.tanh` gate) use their own tanh; it must stay within 3 ulp of
/// tanh computed in Double, across both branches, their boundary and the special values.
struct HyperbolicTangentTests {
    @Test func tanhIsWithinThreeUlpOfDoublePrecision() {
        var values: [Float] = stride(from: -12.0, through: 12.0, by: 0.0007).map { Float($0) }
        values += [0.549_999_9, 0.55, 0.550_000_1, -0.55, 9.09, 9.1, 9.11, 1e-30, -1e-30, 1e-10, 3e-5, 0, -0.0]
        let x = Tensor(shape: [values.count], scalars: values)
        let gated = Tensor(shape: [1, 2, values.count], scalars: values + values).gateActivations([.identity, .tanh])
        for (index, (value, actual)) in zip(values, x.tanh().scalars).enumerated() {
            let expected = Float(Glibc.tanh(Double(value)))
            let ulps = Swift.abs(actual - expected) / expected.ulp
            #expect(ulps <= 3, "tanh(\(value)) = \(actual), expected \(expected): \(ulps) ulp")
            #expect(gated.scalars[values.count + index] == actual)
        }
        #expect(x.tanh().scalars[values.count - 1].sign == .minus)
    }

    @Test func tanhSpecialValues() {
        let y = Tensor(shape: [4], scalars: [.infinity, -.infinity, .nan, 40]).tanh()
        #expect(y.scalars[0] == 1 && y.scalars[1] == -1 && y.scalars[2].isNaN && y.scalars[3] == 1)
    }
}
