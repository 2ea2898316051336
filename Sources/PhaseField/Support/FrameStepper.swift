import Tensor

/// A time-stepped model as the frame runner sees it: advance, then render the current state.
///
/// Following PRISMS-PF's split (a model supplies the initial state and the update; the runner owns
/// the loop), each simulator builds a stepper and hands it to `FrameRecorder.record`.
protocol FrameStepper {
    /// Output frame height and width (after block averaging).
    var frameHeight: Int { get }
    var frameWidth: Int { get }
    /// Names of the hidden fields `renderHiddenField` can produce, in index order.
    var hiddenFieldNames: [String] { get }
    /// Advances the state by `steps` explicit time steps.
    mutating func advance(steps: Int)
    /// Writes the observable image, `frameHeight × frameWidth`, row-major, not yet clipped.
    func renderFrame(into frame: UnsafeMutableBufferPointer<Float>)
    /// Writes hidden field `index` on the frame grid, row-major.
    func renderHiddenField(_ index: Int, into frame: UnsafeMutableBufferPointer<Float>)
}

extension FrameStepper {
    var hiddenFieldNames: [String] { [] }
    func renderHiddenField(_ index: Int, into frame: UnsafeMutableBufferPointer<Float>) {
        preconditionFailure("\(Self.self) has no hidden field \(index)")
    }
}

/// When frames are taken: `frameCount` frames, `stepsPerFrame` steps apart; frame 0 is either
/// the initial state or the state after the first `stepsPerFrame` steps.
struct FrameSchedule {
    var frameCount: Int
    var stepsPerFrame: Int
    var firstFrameIsInitialState: Bool
}

/// The single loop every time-stepped simulator runs through.
enum FrameRecorder {
    /// Runs `stepper` on `schedule` and collects frames `[T, H, W]` clipped to `[0, 1]`.
    ///
    /// - Throws: `SimulationError.nonFiniteValue` at the first frame holding a NaN or infinity.
    static func record<Stepper: FrameStepper>(
        _ stepper: inout Stepper, schedule: FrameSchedule, model: PhenomenonKind,
        includeHiddenFields: Bool, progress: ((Int) -> Void)?
    ) throws -> SimulationResult {
        let height = stepper.frameHeight, width = stepper.frameWidth
        let frameSize = height * width
        let hiddenNames = includeHiddenFields ? stepper.hiddenFieldNames : []
        var frames = [Float](repeating: 0, count: schedule.frameCount * frameSize)
        var hidden = hiddenNames.map { _ in [Float](repeating: 0, count: schedule.frameCount * frameSize) }
        for frameIndex in 0..<schedule.frameCount {
            if frameIndex > 0 || !schedule.firstFrameIsInitialState {
                stepper.advance(steps: schedule.stepsPerFrame)
            }
            let finite = frames.withUnsafeMutableBufferPointer { all -> Bool in
                let frame = UnsafeMutableBufferPointer(rebasing: all[(frameIndex * frameSize)..<((frameIndex + 1) * frameSize)])
                stepper.renderFrame(into: frame)
                var finite = true
                for index in frame.indices {
                    let value = frame[index]
                    finite = finite && value.isFinite
                    frame[index] = min(max(value, 0), 1)
                }
                return finite
            }
            guard finite else { throw SimulationError.nonFiniteValue(model: model, frame: frameIndex) }
            for fieldIndex in hidden.indices {
                hidden[fieldIndex].withUnsafeMutableBufferPointer { all in
                    stepper.renderHiddenField(
                        fieldIndex,
                        into: UnsafeMutableBufferPointer(rebasing: all[(frameIndex * frameSize)..<((frameIndex + 1) * frameSize)]))
                }
            }
            progress?(frameIndex + 1)
        }
        let shape = [schedule.frameCount, height, width]
        var hiddenFields: [String: Tensor] = [:]
        for (name, values) in zip(hiddenNames, hidden) { hiddenFields[name] = Tensor(shape: shape, scalars: values) }
        return SimulationResult(frames: Tensor(shape: shape, scalars: frames), hiddenFields: hiddenFields)
    }
}
