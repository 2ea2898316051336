import Autodiff
import NN
import Tensor
import Testing
@testable import E3DLSTM

struct SquareSymmetryTests {
    /// x = [[0, 1, 2], [3, 4, 5]] (2 × 3); expected results written out from the definitions
    /// (numpy: rot90(x, k) for the rotations, x[:, ::-1], x[::-1], x.T, rot90(x, 1).T[::-1]…).
    static let x = Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
    static let expected: [SquareSymmetry: Tensor] = [
        .identity: x,
        .rotate90: Tensor(shape: [3, 2], scalars: [2, 5, 1, 4, 0, 3]),
        .rotate180: Tensor(shape: [2, 3], scalars: [5, 4, 3, 2, 1, 0]),
        .rotate270: Tensor(shape: [3, 2], scalars: [3, 0, 4, 1, 5, 2]),
        .flipHorizontal: Tensor(shape: [2, 3], scalars: [2, 1, 0, 5, 4, 3]),
        .flipVertical: Tensor(shape: [2, 3], scalars: [3, 4, 5, 0, 1, 2]),
        .transpose: Tensor(shape: [3, 2], scalars: [0, 3, 1, 4, 2, 5]),
        .antiTranspose: Tensor(shape: [3, 2], scalars: [5, 2, 4, 1, 3, 0]),
    ]

    @Test(arguments: SquareSymmetry.allCases)
    func matchesHandWrittenExample(_ operation: SquareSymmetry) {
        #expect(operation.apply(to: Self.x) == Self.expected[operation]!)
    }

    @Test func formsTheGroupOfTheSquare() {
        var generator = SplitMix64(seed: 3)
        let frame = Tensor(randomUniform: [2, 5, 5], using: &generator)
        let images = SquareSymmetry.allCases.map { $0.apply(to: frame) }
        #expect(Set(images.map(\.scalars)).count == 8, "the 8 operations give 8 different images of a generic frame")
        var rotated = frame
        for _ in 0..<4 { rotated = SquareSymmetry.rotate90.apply(to: rotated) }
        #expect(rotated == frame)
        for operation in SquareSymmetry.allCases {
            let composite = SquareSymmetry.rotate90.apply(to: operation.apply(to: frame))
            #expect(images.contains(composite), "rotate90 ∘ \(operation) is in the group")
        }
        #expect(SquareSymmetry.shapePreserving(height: 4, width: 6).count == 4)
    }
}
