import Autodiff
import Glibc
import NN
import Tensor
import TestSupport
import Testing

struct OptimizerTests {
    @Test func adamMatchesAFloat64ReferenceOfAlgorithmOne() {
        // Given f(θ) = Σ (θ − c)² ⊙ s, gradient 2 s (θ − c), updated 5 times.
        let c = randomTensor([6], seed: 301), s = randomTensor([6], seed: 302).abs() + 0.1
        let theta = Variable(randomTensor([6], seed: 303), requiresGradient: true)
        var adam = Adam(learningRate: 0.1, beta1: 0.8, beta2: 0.95, epsilon: 1e-6)
        var reference = theta.value.scalars.map(Double.init)
        var m = [Double](repeating: 0, count: 6), v = [Double](repeating: 0, count: 6)
        for t in 1...5 {
            theta.zeroGradient()
            (square(theta - Variable(c)) * Variable(s)).sum().backward()
            adam.update([("theta", theta)])
            for i in 0..<6 {
                let g = 2 * Double(s.scalars[i]) * (reference[i] - Double(c.scalars[i]))
                m[i] = 0.8 * m[i] + 0.2 * g
                v[i] = 0.95 * v[i] + 0.05 * g * g
                let mHat = m[i] / (1 - Glibc.pow(0.8, Double(t))), vHat = v[i] / (1 - Glibc.pow(0.95, Double(t)))
                reference[i] -= 0.1 * mHat / (vHat.squareRoot() + 1e-6)
            }
        }
        expectClose(theta.value, Tensor(shape: [6], scalars: reference.map(Float.init)), rtol: 1e-5, atol: 1e-5)
        #expect(adam.state.step == 5)
    }

    @Test func savedAdamStateResumesExactly() throws {
        func run(steps: Int, from start: (Tensor, AdamState)?) -> (Tensor, AdamState) {
            let theta = Variable(start?.0 ?? randomTensor([4], seed: 304), requiresGradient: true)
            var adam = Adam(learningRate: 0.05)
            if let state = start?.1 { adam.restore(state) }
            for _ in 0..<steps {
                theta.zeroGradient()
                square(tanh(theta) - 0.3).sum().backward()
                adam.update([("theta", theta)])
            }
            return (theta.value, adam.state)
        }
        let straight = run(steps: 6, from: nil)
        let half = run(steps: 3, from: nil)
        // Through safetensors bytes and back.
        let content = half.1.safetensorsContent
        let decoded = try Safetensors.decode(Safetensors.encode(content.tensors, metadata: content.metadata))
        let restored = try AdamState(safetensorsTensors: decoded.tensors, metadata: decoded.metadata)
        #expect(restored == half.1)
        let resumed = run(steps: 3, from: (half.0, restored))
        #expect(resumed.0 == straight.0)  // bit for bit
        #expect(resumed.1 == straight.1)
    }

    @Test func schedulesFollowTheirFormulas() {
        let exponential = ExponentialDecay(initialLearningRate: 1e-3, decayRate: 0.5, decaySteps: 100)
        expectClose(exponential.learningRate(atStep: 0), 1e-3, rtol: 1e-6)
        expectClose(exponential.learningRate(atStep: 100), 5e-4, rtol: 1e-6)
        expectClose(exponential.learningRate(atStep: 150), 1e-3 * Float(Glibc.pow(0.5, 1.5)), rtol: 1e-6)
        let stairs = ExponentialDecay(initialLearningRate: 1e-3, decayRate: 0.5, decaySteps: 100, staircase: true)
        expectClose(stairs.learningRate(atStep: 199), 5e-4, rtol: 1e-6)
        let cosine = CosineDecay(initialLearningRate: 1e-3, minimumLearningRate: 1e-5, decaySteps: 1000)
        expectClose(cosine.learningRate(atStep: 0), 1e-3, rtol: 1e-6)
        expectClose(cosine.learningRate(atStep: 500), (1e-3 + 1e-5) / 2, rtol: 1e-5)
        expectClose(cosine.learningRate(atStep: 1000), 1e-5, rtol: 1e-5)
        expectClose(cosine.learningRate(atStep: 5000), 1e-5, rtol: 1e-5)
    }

    @Test func clippingScalesToTheMaximumGlobalNorm() {
        let a = Variable(Tensor(zeros: [2]), requiresGradient: true), b = Variable(Tensor(zeros: [1]), requiresGradient: true)
        a.grad = Tensor(shape: [2], scalars: [3, 0])
        b.grad = Tensor(shape: [1], scalars: [4])
        let norm = clipGradientsByGlobalNorm([("a", a), ("b", b)], maximumNorm: 1)
        expectClose(norm, 5, rtol: 1e-6)
        expectClose(a.grad!, Tensor(shape: [2], scalars: [0.6, 0]), rtol: 1e-6)
        expectClose(b.grad!, Tensor(shape: [1], scalars: [0.8]), rtol: 1e-6)
        // Below the limit nothing changes.
        clipGradientsByGlobalNorm([("a", a), ("b", b)], maximumNorm: 10)
        expectClose(b.grad!, Tensor(shape: [1], scalars: [0.8]), rtol: 1e-6)
    }
}
