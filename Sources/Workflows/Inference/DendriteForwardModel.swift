public import Inference
public import PhaseField
public import Tensor

/// The Kobayashi dendrite simulator as an inference forward model.
///
/// Parameters: `K` (latent heat), `theta0` (orientation), `nucleusRadius` (model length units;
/// a circular seed). Everything else is `template`'s. Frames are `[frameCount, outputSize, outputSize]`.
public struct DendriteForwardModel: ForwardModel {
    public let template: DendriteParameters

    public init(template: DendriteParameters) { self.template = template }

    public var parameterNames: [String] { ["K", "theta0", "nucleusRadius"] }

    /// Model time between output frames: `timeStep × stepsPerFrame`.
    public var frameInterval: Double { template.timeStep * Double(template.stepsPerFrame) }

    public func parameters(_ values: [String: Double]) -> DendriteParameters {
        var parameters = template
        if let k = values["K"] { parameters.latentHeat = k }
        if let theta = values["theta0"] { parameters.orientation = theta }
        if let radius = values["nucleusRadius"] { parameters.nucleus = DendriteNucleus(shape: .circle, radiusX: radius, radiusY: radius) }
        return parameters
    }

    public func simulate(parameters values: [String: Double], seed: UInt64) throws -> Tensor {
        try DendriteSimulator(parameters(values)).run(seed: seed).frames
    }
}
