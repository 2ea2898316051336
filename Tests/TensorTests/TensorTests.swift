import Testing
@testable import Tensor

struct TensorTests {
    @Test func subscriptIsRowMajor() {
        var x = Tensor(zeros: [2, 3, 4])
        x[1, 2, 3] = 7
        #expect(x.scalars[1 * 12 + 2 * 4 + 3] == 7)
        #expect(x.strides == [12, 4, 1])
    }

    @Test func reshapeInfersOneExtent() {
        let x = Tensor(shape: [2, 6], scalars: (0..<12).map(Float.init))
        #expect(x.reshaped([3, -1]).shape == [3, 4])
        #expect(x.reshaped([3, -1]).scalars == x.scalars)
    }
}
