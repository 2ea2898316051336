import Glibc
import Autodiff
import Tensor
import TestSupport
import Testing

struct GraphTests {
    @Test func sharedNodesAccumulateGradients() {
        // d/dx (x·x + x) = 2x + 1, with x used three times.
        let x = Variable(randomTensor([4], seed: 151), requiresGradient: true)
        (x * x + x).sum().backward()
        expectClose(x.grad!, x.value * 2 + 1, rtol: 1e-6, atol: 1e-6)
        // A second backward adds to the stored gradient.
        (x * 3).sum().backward()
        expectClose(x.grad!, x.value * 2 + 4, rtol: 1e-6, atol: 1e-6)
    }

    @Test func noGradientModeRecordsNothing() {
        let w = Variable(randomTensor([3, 3], seed: 152), requiresGradient: true)
        let y = withoutGradients { tanh(matmul(w, w)) }
        #expect(!y.requiresGradient)
        #expect(y.parents.isEmpty)
        #expect(GradientMode.isRecording)
        let z = tanh(matmul(w, w))
        #expect(z.requiresGradient && z.parents.count == 1)
    }

    @Test func backwardReleasesTheGraph() {
        let w = Variable(randomTensor([8, 8], seed: 153), requiresGradient: true)
        weak var intermediate: Variable?
        let loss: Variable
        do {
            let hidden = tanh(matmul(w, w))
            intermediate = hidden
            loss = (hidden * hidden).mean()
        }
        #expect(intermediate != nil)  // held by the graph until backward
        loss.backward()
        #expect(intermediate == nil)
        #expect(loss.parents.isEmpty)
        #expect(w.grad != nil)
    }

    @Test func deepChainsDoNotOverflowTheStack() {
        // 20,000 nodes: d/dx of x·1.0001^n summed = 1.0001^n per element.
        let x = Variable(Tensor(ones: [2]), requiresGradient: true)
        var y = x
        for _ in 0..<20_000 { y = y * 1.0001 }
        y.sum().backward()
        expectClose(x.grad!.scalars[0], Float(pow(1.0001, 20_000.0)), rtol: 1e-3)
    }

    /// An LSTM-like cell with attention and layer norm: gates from a conv, a fused gate pass,
    /// attention over a history, layer norm on the cell — every gradient checked at once.
    @Test func composedRecurrentCellGradientsMatchFiniteDifferences() {
        let (batch, channels, size) = (1, 2, 3)
        let x = randomTensor([batch, 2, size, size], seed: 161)
        let h = randomTensor([batch, channels, size, size], seed: 162, scale: 0.5)
        let c = randomTensor([batch, channels, size, size], seed: 163, scale: 0.5)
        let wx = randomTensor([3 * channels, 2, 3, 3], seed: 164, scale: 0.3)
        let wh = randomTensor([3 * channels, channels, 3, 3], seed: 165, scale: 0.3)
        let gain = randomTensor([channels], seed: 166).abs() + 0.5, bias = randomTensor([channels], seed: 167, scale: 0.1)
        expectGradientsMatch(inputs: [x, h, c, wx, wh, gain, bias], atol: 2e-3) { v in
            let pre = conv2d(v[0], weight: v[3], padding: [1, 1]) + conv2d(v[1], weight: v[4], padding: [1, 1])
            let gates = gateActivations(pre, [.sigmoid, .tanh, .sigmoid]).split(axis: 1, sizes: [channels, channels, channels])
            let (input, candidate, recall) = (gates[0], gates[1], gates[2])
            // Tokens: one per position, channels as features: [N, HW, C].
            let query = recall.reshaped([batch, channels, size * size]).permuted([0, 2, 1])
            let history = Variable.concatenate([v[2], v[1]], axis: 2).reshaped([batch, channels, 2 * size * size]).permuted([0, 2, 1])
            let recalled = attention(query: query, key: history, value: history).permuted([0, 2, 1]).reshaped(v[2].shape)
            let cell = input * candidate + layerNorm(v[2] + recalled, gain: v[5], bias: v[6])
            return tanh(cell) * sigmoid(v[1])
        }
    }
}
