/// `S = Σ ηᵢ²` on the periodic box and one accumulator per parallel partition, allocated once.
final class SquareSums: @unchecked Sendable {
    let cellCount: Int
    let current: UnsafeMutablePointer<Float>
    let partials: [UnsafeMutablePointer<Float>]

    init(boxSize: Int, partitions: Int) {
        cellCount = boxSize * boxSize
        current = .allocate(capacity: cellCount)
        current.initialize(repeating: 0, count: cellCount)
        partials = (0..<max(1, partitions)).map { _ in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: boxSize * boxSize)
            buffer.initialize(repeating: 0, count: boxSize * boxSize)
            return buffer
        }
    }

    deinit {
        current.deallocate()
        partials.forEach { $0.deallocate() }
    }

    func clearPartials() {
        for partial in partials { partial.update(repeating: 0, count: cellCount) }
    }

    /// `current = Σ partials[0 ..< partitionCount]`.
    func combine(partitionCount: Int) {
        current.update(from: partials[0], count: cellCount)
        for partial in partials[1..<partitionCount] {
            for index in 0..<cellCount { current[index] += partial[index] }
        }
    }
}
