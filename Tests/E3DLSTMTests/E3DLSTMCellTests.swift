import Autodiff
import Glibc
import NN
import Tensor
import Testing
import TestSupport
@testable import E3DLSTM

struct E3DLSTMCellTests {
    /// Four steps of a cell (history τ = 2, so the oldest state is dropped) against the
    /// loop-based reference, with and without the gate layer norms.
    @Test(arguments: [true, false])
    func stepsMatchTheLoopReference(layerNorm: Bool) {
        var generator = SplitMix64(seed: 11)
        let cell = E3DLSTMCell(inputChannels: 3, hiddenChannels: 4, kernelSize: 3, layerNorm: layerNorm, using: &generator)
        // Non-trivial norm affines so a gain/shift mix-up would show.
        for norm in [cell.cellNorm, cell.gateNorm, cell.memoryGateNorm].compactMap({ $0 }) {
            norm.gain.value = Tensor(randomUniform: norm.gain.shape, in: 0.5...1.5, using: &generator)
            norm.shift.value = Tensor(randomUniform: norm.shift.shape, in: -0.3...0.3, using: &generator)
        }
        var state = cell.initialState(batch: 2, height: 3, width: 4)
        var reference = ReferenceCell.State(hidden: state.hidden.value, cell: state.cell.value, history: [state.cell.value])
        var memory = Variable(Tensor(randomNormal: [2, 4, 3, 4], using: &generator))
        var referenceMemory = memory.value
        for t in 0..<4 {
            let input = Tensor(randomNormal: [2, 3, 3, 4], using: &generator)
            memory = withoutGradients { cell.step(input: Variable(input), memory: memory, state: &state, historyLength: 2) }
            referenceMemory = ReferenceCell.step(cell: cell, input: input, memory: referenceMemory, state: &reference, historyLength: 2)
            expectClose(memory.value, referenceMemory, rtol: 1e-4, atol: 1e-5, "M at step \(t)")
            expectClose(state.hidden.value, reference.hidden, rtol: 1e-4, atol: 1e-5, "H at step \(t)")
            expectClose(state.cell.value, reference.cell, rtol: 1e-4, atol: 1e-5, "C at step \(t)")
            #expect(state.history.count == min(t + 2, 2))
        }
        #expect(memory.value.maximumMagnitude > 0.05, "the memory really changes")
    }

    /// The fused recall (channels-first matmuls, blockwise softmax) equals textbook attention over
    /// (position, channel) tokens, computed in Double: one block, and 15 positions in blocks of 4
    /// (a ragged last block) over 30 keys (an 8-lane tail).
    @Test(arguments: [(2, 2, 32), (3, 5, 4)])
    func recallIsPerPositionAttention(height: Int, width: Int, queryBlock: Int) {
        let shape = [2, 3, height, width], positions = height * width
        let query = randomTensor(shape, seed: 1), past = [randomTensor(shape, seed: 2), randomTensor(shape, seed: 3)]
        let recalled = eideticRecall(query: Variable(query), history: past.map { Variable($0) }, queryBlock: queryBlock).value
        let tokens = { (x: Tensor) in x.reshaped([2, 3, positions]).permuted([0, 2, 1]) }
        let keys = Tensor.concatenate(past.map(tokens), axis: 1)
        let expected = Reference.attention(query: tokens(query), key: keys, value: keys, scale: 1)
        expectClose(tokens(recalled), expected, rtol: 1e-5, atol: 1e-6)
    }

    /// The hand-written VJP of the fused recall (recomputed softmax, stacked dK product) vs
    /// central differences (query and every key), with one block and with ragged blocks of 4.
    @Test(arguments: [(1, 32), (3, 32), (2, 4)])
    func recallGradientsMatchFiniteDifferences(batch: Int, queryBlock: Int) {
        let inputs = [randomTensor([batch, 3, 3, 5], seed: 4)] + (0..<3).map { randomTensor([batch, 3, 3, 5], seed: UInt64(5 + $0)) }
        expectGradientsMatch(inputs: inputs) { leaves in
            eideticRecall(query: leaves[0], history: Array(leaves[1...]), queryBlock: queryBlock)
        }
    }

    /// The zero initial state is left out of the keys and accounted for in the softmax sums only:
    /// same values as textbook attention over all keys (zeros included), and gradients that match
    /// central differences; a history of only the zero state recalls zeros.
    @Test func recallWithTheZeroInitialStateMatchesFullAttention() {
        let shape = [2, 3, 3, 5]
        let zero = Variable(Tensor(zeros: shape))
        let query = randomTensor(shape, seed: 12), past = randomTensor(shape, seed: 13)
        let recalled = eideticRecall(query: Variable(query), history: [zero, Variable(past)], queryBlock: 4).value
        let tokens = { (x: Tensor) in x.reshaped([2, 3, 15]).permuted([0, 2, 1]) }
        let keys = Tensor.concatenate([tokens(zero.value), tokens(past)], axis: 1)
        expectClose(tokens(recalled), Reference.attention(query: tokens(query), key: keys, value: keys, scale: 1), rtol: 1e-5, atol: 1e-6)
        expectGradientsMatch(inputs: [query, past, randomTensor(shape, seed: 14)]) { leaves in
            eideticRecall(query: leaves[0], history: [zero, leaves[1], leaves[2]], queryBlock: 4)
        }
        #expect(eideticRecall(query: Variable(query), history: [zero]).value == Tensor(zeros: shape))
    }

    /// A history entry that needs no gradient (the zero initial state) gets none, the others do.
    @Test func recallSkipsConstantHistoryEntries() {
        let query = Variable(randomTensor([2, 3, 2, 3], seed: 8), requiresGradient: true)
        let constant = Variable(Tensor(zeros: [2, 3, 2, 3]))
        let learned = Variable(randomTensor([2, 3, 2, 3], seed: 9), requiresGradient: true)
        eideticRecall(query: query, history: [constant, learned]).sum().backward()
        #expect(constant.grad == nil && learned.grad != nil && query.grad != nil)
    }

    /// The vectorised exponential against libm over the softmax range, relative error ≤ 3e-7.
    @Test func fastExponentialMatchesLibm() {
        var values = (0..<1_001).map { -87 + 87 * Float($0) / 1_000 }
        let expected = values.map { Double(exp(Double($0))) }
        let total = values.withUnsafeMutableBufferPointer { FastExponential.exponentiateInPlace($0, subtracting: 0) }
        var worst = 0.0
        for (value, reference) in zip(values, expected) { worst = max(worst, abs(Double(value) - reference) / reference) }
        #expect(worst < 3e-7, "largest relative error \(worst)")
        #expect(abs(Double(total) - expected.reduce(0, +)) / expected.reduce(0, +) < 1e-6)
    }

    /// The fused cell/memory update's VJP vs central differences; 2×3×3 planes (18 elements, so
    /// the 8-lane loop also runs a partial tail).
    @Test func cellAndMemoryGradientsMatchFiniteDifferences() {
        let inputs = [randomTensor([2, 4, 3, 3], seed: 1), randomTensor([2, 3, 3, 3], seed: 2), randomTensor([2, 1, 3, 3], seed: 3),
                      randomTensor([2, 1, 3, 3], seed: 4)]
        expectGradientsMatch(inputs: inputs) { leaves in
            CellUpdate.cellAndMemory(gates: leaves[0], memoryGates: leaves[1], normalized: leaves[2], memory: leaves[3])
        }
    }

    @Test func hiddenGradientsMatchFiniteDifferences() {
        let inputs = [randomTensor([2, 8, 3, 3], seed: 5), randomTensor([2, 2, 3, 3], seed: 6), randomTensor([2, 2, 3, 3], seed: 7)]
        expectGradientsMatch(inputs: inputs) { leaves in CellUpdate.hidden(gates: leaves[0], outputPre: leaves[1], fusionPre: leaves[2]) }
    }

    /// The lane-wise σ and tanh against libm over [−20, 20] and at the clamps.
    @Test func fastActivationsMatchLibm() {
        var worstSigmoid: Float = 0, worstTanh: Float = 0
        for start in stride(from: -20.0 as Float, to: 20, by: 0.08) {
            let x = SIMD8<Float>((0..<8).map { start + Float($0) * 0.01 })
            let (s, t) = (FastActivation.sigmoid(x), FastActivation.tanh(x))
            for lane in 0..<8 {
                worstSigmoid = max(worstSigmoid, abs(s[lane] - Float(1 / (1 + exp(-Double(x[lane]))))))
                worstTanh = max(worstTanh, abs(t[lane] - Float(tanh(Double(x[lane])))))
            }
        }
        #expect(worstSigmoid < 5e-7 && worstTanh < 5e-7, "σ error \(worstSigmoid), tanh error \(worstTanh)")
        let extreme = FastActivation.tanh(SIMD8(repeating: 200)), tiny = FastActivation.sigmoid(SIMD8(repeating: -200))
        #expect(extreme[0] == 1 && tiny[0] >= 0 && tiny[0] < 1e-37)
    }
}
