import Glibc
import Inference
import Testing

struct ChiSquareTests {
    @Test func matchesClosedForms() {
        for x in [0.1, 1, 3.7, 10, 40] {
            // dof 2: e^{−x/2}; dof 4: e^{−x/2}(1 + x/2); dof 1: erfc(√(x/2)).
            #expect(abs(ChiSquare.upperTail(x, degreesOfFreedom: 2) - exp(-x / 2)) < 1e-12)
            #expect(abs(ChiSquare.upperTail(x, degreesOfFreedom: 4) - exp(-x / 2) * (1 + x / 2)) < 1e-12)
            #expect(abs(ChiSquare.upperTail(x, degreesOfFreedom: 1) - erfc((x / 2).squareRoot())) < 1e-12)
        }
    }

    @Test func largeDegreesOfFreedom() {
        // χ²(58) has mean 58: the tail at the mean is a bit below 1/2 (skewed right); far out ~0.
        let atMean = ChiSquare.upperTail(58, degreesOfFreedom: 58)
        #expect(atMean > 0.45 && atMean < 0.5)
        #expect(ChiSquare.upperTail(300, degreesOfFreedom: 58) < 1e-20)
        #expect(ChiSquare.upperTail(10, degreesOfFreedom: 58) > 1 - 1e-9)
    }
}
