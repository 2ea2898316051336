import Glibc
import Inference
import Testing

struct LocalQuadraticEmulatorTests {
    static let nodes: [Double] = (0..<12).flatMap { i in [Double](repeating: 0.8 + 1.6 * Double(i) / 11, count: 3) }
    static let spacing = 1.6 / 11

    @Test func reproducesQuadraticsExactly() {
        let emulator = LocalQuadraticEmulator(nodes: Self.nodes, bandwidth: Self.spacing)
        let values = Self.nodes.map { 2 - 3 * $0 + 0.7 * $0 * $0 }
        for x in stride(from: 0.8, through: 2.4, by: 0.037) {
            #expect(abs(emulator.predict(at: x, values: values) - (2 - 3 * x + 0.7 * x * x)) < 1e-9)
            #expect(abs(emulator.weights(at: x).reduce(0, +) - 1) < 1e-12)
        }
    }

    @Test func interpolatesSmoothFunctions() {
        // Local-quadratic bias is O(h³ f‴): for f = sin(2x) + eˣ/4 with h = spacing ≈ 0.145
        // and |f‴| ≤ 8 + 2.8, the interior error bound ~ h³·|f‴| ≈ 0.03 is loose; measured ~1e-3.
        let emulator = LocalQuadraticEmulator(nodes: Self.nodes, bandwidth: Self.spacing)
        let f = { (x: Double) in sin(2 * x) + exp(x) / 4 }
        let values = Self.nodes.map(f)
        var worst = 0.0
        for x in stride(from: 0.8, through: 2.4, by: 0.013) { worst = max(worst, abs(emulator.predict(at: x, values: values) - f(x))) }
        #expect(worst < 5e-3, "max error \(worst)")
    }

    @Test func leaveOneOutIgnoresTheExcludedRun() {
        let emulator = LocalQuadraticEmulator(nodes: Self.nodes, bandwidth: Self.spacing)
        let weights = emulator.weights(at: Self.nodes[7], excluding: 7)
        #expect(weights[7] == 0)
        #expect(abs(weights.reduce(0, +) - 1) < 1e-12)
    }
}
