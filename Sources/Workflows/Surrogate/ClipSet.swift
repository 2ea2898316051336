import ProjectStore
public import Tensor

/// Training clips cut from frame sequences: staggered windows of `length` frames starting every
/// `stride` frames (1–20, 11–30, … for length 20, stride 10), never crossing sequences.
public struct ClipSet: Sendable {
    /// The sequences, each `[T, H, W]`.
    public let sequences: [Tensor]
    /// (sequence index, first frame) of every clip.
    public let clips: [(sequence: Int, start: Int)]
    public let length: Int

    public init(sequences: [Tensor], length: Int, stride: Int) {
        self.sequences = sequences
        self.length = length
        var clips: [(Int, Int)] = []
        for (index, sequence) in sequences.enumerated() {
            var start = 0
            while start + length <= sequence.shape[0] {
                clips.append((index, start))
                start += stride
            }
        }
        self.clips = clips
    }

    /// Clips `indices` stacked as `[N, length, H, W]`.
    public func batch(_ indices: [Int]) -> Tensor {
        let shape = sequences[clips[indices[0]].sequence].shape
        let frameSize = shape[1] * shape[2]
        var scalars = [Float]()
        scalars.reserveCapacity(indices.count * length * frameSize)
        for index in indices {
            let (sequence, start) = clips[index]
            scalars += sequences[sequence].scalars[(start * frameSize)..<((start + length) * frameSize)]
        }
        return Tensor(shape: [indices.count, length, shape[1], shape[2]], scalars: scalars)
    }

    /// `count` clip indices drawn with replacement from a generator seeded by (seed, step): a
    /// resumed run draws exactly the batches the original would have.
    public func sampleIndices(count: Int, seed: UInt64, step: Int) -> [Int] {
        var generator = SplitMix64(seed: SplitMix64.derivedSeed(master: seed, index: UInt64(step)))
        return (0..<count).map { _ in Int(generator.next() % UInt64(clips.count)) }
    }

    /// Loads the sequences of simulation artifacts.
    static func load(_ ids: [String], project: Project) throws -> [Tensor] {
        try ids.map { id in try StackLoader.load(try project.database.artifact(id), project: project).frames }
    }
}
