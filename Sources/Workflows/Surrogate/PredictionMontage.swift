import Preprocessing
import Tensor

/// The picture users look at first: rows observed, predicted, |error|; columns lead times.
enum PredictionMontage {
    /// A grey PNG of up to `columns` evenly spaced lead times. Missing observations stay blank.
    static func png(predicted: Tensor, observed: Tensor?, columns: Int = 8, scale: Int = 2) -> [UInt8] {
        let frames = predicted.shape[0]
        let frameShape = Array(predicted.shape.dropFirst())
        let picks = (0..<min(columns, frames)).map { index in
            min(frames - 1, Int((Double(index) + 1) * Double(frames) / Double(min(columns, frames))) - 1)
        }
        func frame(_ tensor: Tensor, _ index: Int) -> Tensor { tensor.slice(axis: 0, range: index..<(index + 1)).reshaped(frameShape) }
        let blank = Tensor(repeating: 1, shape: frameShape)
        var tiles: [Tensor] = []
        let observedCount = observed?.shape[0] ?? 0
        for index in picks { tiles.append(index < observedCount ? frame(observed!, index) : blank) }
        for index in picks { tiles.append(frame(predicted, index)) }
        for index in picks {
            // |error| shown dark on white: 1 − |x̂ − x|, so zero error is white.
            tiles.append(index < observedCount ? 1 - (frame(predicted, index) - frame(observed!, index)).abs() : blank)
        }
        return PNGEncoder.encode(Montage.grid(tiles, columns: picks.count, gap: 2, scale: scale, background: 0.5))
    }
}
