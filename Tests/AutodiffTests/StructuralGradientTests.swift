import Autodiff
import Tensor
import TestSupport
import Testing

struct StructuralGradientTests {
    @Test func reductionGradientsMatchFiniteDifferences() {
        let x = randomTensor([2, 3, 4], seed: 121)
        expectGradientsMatch(inputs: [x]) { v in v[0].sum(alongAxes: [0, 2]) }
        expectGradientsMatch(inputs: [x]) { v in v[0].sum(alongAxes: [1], keepingDimensions: false) }
        expectGradientsMatch(inputs: [x]) { v in v[0].mean(alongAxes: [-1]) }
        expectGradientsMatch(inputs: [x]) { v in v[0].sum() }
        expectGradientsMatch(inputs: [x]) { v in v[0].mean() }
    }

    @Test func shapeOperationGradientsMatchFiniteDifferences() {
        let x = randomTensor([2, 3, 4], seed: 122), y = randomTensor([2, 2, 4], seed: 123)
        expectGradientsMatch(inputs: [x]) { v in v[0].reshaped([4, -1]) * v[0].reshaped([4, 6]) }
        expectGradientsMatch(inputs: [x]) { v in v[0].permuted([2, 0, 1]) }
        expectGradientsMatch(inputs: [x]) { v in v[0].slice(axis: 1, range: 1..<3) }
        expectGradientsMatch(inputs: [x, y]) { v in Variable.concatenate([v[0], v[1], v[0]], axis: 1) }
        expectGradientsMatch(inputs: [x]) { v in
            let parts = v[0].split(axis: 2, sizes: [1, 3])
            return parts[1] * parts[0]
        }
    }

    @Test func patchingGradientsMatchFiniteDifferences() {
        let x = randomTensor([1, 2, 4, 6], seed: 124)
        expectGradientsMatch(inputs: [x]) { v in spaceToDepth(v[0], blockSize: 2) * spaceToDepth(v[0], blockSize: 2) }
        expectGradientsMatch(inputs: [randomTensor([2, 8, 2, 3], seed: 125)]) { v in square(depthToSpace(v[0], blockSize: 2)) }
    }
}
