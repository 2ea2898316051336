import Glibc
import Inference
import Tensor

/// An analytic stand-in for the dendrite simulator: a six-armed star growing from a nucleus.
///
/// Tip radius `R(t) = r0 + v(K)·(1 + 0.03 ε)·t` with `v = speed / K` px per frame (slower at high
/// K, as in the Kobayashi model); boundary `ρ(θ) = R(t)·(b + (1 − b)|cos 3(θ − θ0)|^p)` with
/// notch ratio `b(K) = 0.85 − 0.3 (K − 0.8)` and arm sharpness `p(K) = 1 + 2 (K − 0.8)`, so
/// larger K gives slower, thinner arms. Soft edge `φ = 1/(1 + e^{(r − ρ)/0.6})`, then pixel noise
/// of standard deviation `pixelNoise`, clipped to [0, 1]. θ0 and ε come from the seed;
/// `nucleusRadius` (r0) may be passed as a parameter.
struct StarForwardModel: ForwardModel {
    var side = 32
    var frames = 24
    var speed = 1.2
    var pixelNoise: Float = 0.05
    var frameInterval: Double = 1

    var parameterNames: [String] { ["K", "nucleusRadius"] }

    func simulate(parameters: [String: Double], seed: UInt64) throws -> Tensor {
        let k = parameters["K"]!
        let r0 = parameters["nucleusRadius"] ?? 2
        var generator = SplitMix64(seed: seed)
        let theta0 = 2 * Double.pi * Double(generator.nextUniform())
        let jitter = 1 + 0.03 * Double(generator.nextNormal())
        let notch = min(max(0.85 - 0.3 * (k - 0.8), 0.15), 0.95)
        let sharpness = 1 + 2 * (k - 0.8)
        let velocity = speed / k * jitter
        let centre = Double(side - 1) / 2
        var scalars = [Float](repeating: 0, count: frames * side * side)
        for t in 0..<frames {
            let tip = r0 + velocity * Double(t)
            for i in 0..<side {
                for j in 0..<side {
                    let dy = Double(i) - centre, dx = Double(j) - centre
                    let r = (dx * dx + dy * dy).squareRoot()
                    let theta = atan2(dy, dx)
                    let boundary = tip * (notch + (1 - notch) * pow(abs(cos(3 * (theta - theta0))), sharpness))
                    var phi = Float(1 / (1 + exp((r - boundary) / 0.6)))
                    phi += pixelNoise * generator.nextNormal()
                    scalars[(t * side + i) * side + j] = min(max(phi, 0), 1)
                }
            }
        }
        return Tensor(shape: [frames, side, side], scalars: scalars)
    }
}
