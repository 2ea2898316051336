import Tensor

/// Windowed explicit solver for the multi-order-parameter Allen–Cahn equations.
///
/// Each grain's η lives on a `GrainField` window: the bounding box of η > 1e-6 plus
/// `windowMargin` cells, re-cut every `recutInterval` steps; a grain whose window would reach
/// across the box becomes a full periodic field, and a grain with no cell above 1e-6 is dropped.
/// Outside its window η is taken as 0. Per step:
/// 1. every grain, in parallel partitions balanced by window area, computes (8-wide SIMD)
///    `η' = η − dt L [m(η³ − η + 2γ η (S − η²)) − κ ∇²η]` with `S = Σⱼ ηⱼ²` from the previous
///    step and adds `η'²` into its partition's accumulator;
/// 2. the accumulators are summed into the new `S`.
/// Values below 1e-15 are flushed to 0 (subnormal Floats are slow). Storing 100 dense fields
/// costs ~34× more per step at 256² (Docs/models/grain-growth.md).
struct GrainGrowthStepper: FrameStepper {
    static let windowMargin = 6
    static let recutInterval = 10
    static let presenceThreshold: Float = 1e-6

    let parameters: GrainGrowthParameters
    /// Live grains (their ids are positions in the initial seed list, `grainIds`).
    private(set) var grains: [GrainField]
    private(set) var grainIds: [Int]
    /// `S = Σ η²` of the current state and the per-partition accumulators of the next one.
    private let sums: SquareSums
    /// Grain indices per parallel partition.
    private var partitions: [[Int]] = []
    private(set) var stepCount = 0

    /// Periodic Voronoi start from `grainCount` uniform random seeds drawn from `seed`.
    init(parameters: GrainGrowthParameters, seed: UInt64) {
        self.parameters = parameters
        let n = parameters.gridSize, count = parameters.grainCount
        var generator = SplitMix64(seed: seed)
        let seeds = (0..<count).map { _ in (row: Double(generator.nextUniform()) * Double(n), column: Double(generator.nextUniform()) * Double(n)) }
        func minimumImage(_ delta: Double) -> Double {
            delta - Double(n) * (delta / Double(n)).rounded()
        }
        var labels = [Int](repeating: 0, count: n * n)
        for row in 0..<n {
            for column in 0..<n {
                var best = Double.infinity
                for (index, point) in seeds.enumerated() {
                    let dy = minimumImage(Double(row) + 0.5 - point.row), dx = minimumImage(Double(column) + 0.5 - point.column)
                    let distance = dy * dy + dx * dx
                    if distance < best { best = distance; labels[row * n + column] = index }
                }
            }
        }
        // Cell extents as integer offsets from each seed's cell, using the minimum image.
        let anchors = seeds.map { (row: Int($0.row), column: Int($0.column)) }
        var low = [(row: Int, column: Int)](repeating: (Int.max, Int.max), count: count)
        var high = [(row: Int, column: Int)](repeating: (Int.min, Int.min), count: count)
        func offset(_ index: Int, _ anchor: Int) -> Int {
            let delta = GrainField.wrap(index - anchor, n)
            return delta >= (n + 1) / 2 ? delta - n : delta
        }
        for row in 0..<n {
            for column in 0..<n {
                let label = labels[row * n + column]
                let dy = offset(row, anchors[label].row), dx = offset(column, anchors[label].column)
                low[label] = (min(low[label].row, dy), min(low[label].column, dx))
                high[label] = (max(high[label].row, dy), max(high[label].column, dx))
            }
        }
        var grains: [GrainField] = [], ids: [Int] = []
        let margin = Self.windowMargin
        for grain in 0..<count where low[grain].row != Int.max {
            let height = high[grain].row - low[grain].row + 1 + 2 * margin
            let width = high[grain].column - low[grain].column + 1 + 2 * margin
            // A cell reaching half the box may be mis-wrapped by the minimum image: go full.
            let reachesHalfBox = [low[grain].row, low[grain].column].contains { $0 <= -(n / 2 - 1) }
                || [high[grain].row, high[grain].column].contains { $0 >= n / 2 - 1 }
            let field: GrainField
            if height > n - 2 || width > n - 2 || reachesHalfBox {
                field = GrainField(fullBoxOf: n)
            } else {
                field = GrainField(
                    boxSize: n, originRow: anchors[grain].row + low[grain].row - margin,
                    originColumn: anchors[grain].column + low[grain].column - margin, height: height, width: width,
                    isFull: false)
            }
            for row in 0..<field.height {
                for column in 0..<field.width
                where labels[field.globalRows[row] * n + field.globalColumns[column]] == grain {
                    field[row, column] = 1
                }
            }
            grains.append(field)
            ids.append(grain)
        }
        self.grains = grains
        grainIds = ids
        sums = SquareSums(boxSize: n, partitions: ParallelRows.coreCount)
        sums.current.update(repeating: 1, count: n * n)  // the sharp start: exactly one η = 1
        balancePartitions()
    }

    var frameHeight: Int { parameters.outputSize }
    var frameWidth: Int { parameters.outputSize }

    /// `clip(Σ η³, 0, 1)` block-averaged to the output size.
    func renderFrame(into frame: UnsafeMutableBufferPointer<Float>) {
        let n = parameters.gridSize
        var image = [Float](repeating: 0, count: n * n)
        for field in grains {
            for row in 0..<field.height {
                let base = field.globalRows[row] * n
                for column in 0..<field.width {
                    let value = field[row, column]
                    image[base + field.globalColumns[column]] += value * value * value
                }
            }
        }
        for index in image.indices { image[index] = min(max(image[index], 0), 1) }
        image.withUnsafeBufferPointer {
            blockAverage($0.baseAddress!, rowStride: n, size: n, factor: n / parameters.outputSize, into: frame)
        }
    }

    mutating func advance(steps: Int) {
        for _ in 0..<steps { step() }
    }

    mutating func step() {
        let n = parameters.gridSize
        let dtL = Float(parameters.timeStep * parameters.mobility)
        let m = Float(parameters.bulkCoefficient), twoGamma = Float(2 * parameters.gamma)
        let kappa = Float(parameters.gradientEnergyCoefficient / (parameters.gridSpacing * parameters.gridSpacing))
        let grains = grains, partitions = partitions, sums = sums
        sums.clearPartials()
        forEachIndexInParallel(partitions.count) { partition in
            for grainIndex in partitions[partition] {
                Self.update(
                    grains[grainIndex], sum: sums.current, accumulator: sums.partials[partition], boxSize: n,
                    dtL: dtL, m: m, twoGamma: twoGamma, kappa: kappa)
            }
        }
        sums.combine(partitionCount: partitions.count)
        stepCount += 1
        if stepCount % Self.recutInterval == 0 { recutWindows() }
    }

    /// One grain's explicit update; adds η'² into `accumulator` (global N × N).
    ///
    /// A window row maps to at most two contiguous runs of global columns (it may wrap once);
    /// each run is processed 8 cells at a time with a scalar tail.
    private static func update(
        _ field: GrainField, sum: UnsafeMutablePointer<Float>, accumulator: UnsafeMutablePointer<Float>,
        boxSize n: Int, dtL: Float, m: Float, twoGamma: Float, kappa: Float
    ) {
        field.wrapGhosts()
        let stride = field.stride
        let firstGlobal = field.globalColumns[0]
        let firstRun = min(field.width, n - firstGlobal)
        let runs = [(local: 0, global: firstGlobal, length: firstRun), (local: firstRun, global: 0, length: field.width - firstRun)]
        for row in 0..<field.height {
            let globalBase = field.globalRows[row] * n
            for run in runs where run.length > 0 {
                let offset = (row + 1) * stride + 1 + run.local
                let eta = field.values + offset, out = field.next + offset
                let sumRow = sum + globalBase + run.global, accumulatorRow = accumulator + globalBase + run.global
                var column = 0
                while column &+ 8 <= run.length {
                    let value = eta.lanes(at: column)
                    let laplacian = eta.lanes(at: column &- 1) + eta.lanes(at: column &+ 1)
                        + eta.lanes(at: column &- stride) + eta.lanes(at: column &+ stride) - 4 * value
                    let others = sumRow.lanes(at: column) - value * value
                    let rate = m * (value * value * value - value + twoGamma * value * others) - kappa * laplacian
                    let updated = flushingTinyValues(value - dtL * rate)
                    out.setLanes(updated, at: column)
                    accumulatorRow.setLanes(accumulatorRow.lanes(at: column) + updated * updated, at: column)
                    column &+= 8
                }
                while column < run.length {
                    let value = eta[column]
                    let laplacian = eta[column &- 1] + eta[column &+ 1] + eta[column &- stride] + eta[column &+ stride]
                        - 4 * value
                    let others = sumRow[column] - value * value
                    let rate = m * (value * value * value - value + twoGamma * value * others) - kappa * laplacian
                    var updated = value - dtL * rate
                    if updated < 1e-15 && updated > -1e-15 { updated = 0 }
                    out[column] = updated
                    accumulatorRow[column] += updated * updated
                    column &+= 1
                }
            }
        }
        field.swapBuffers()
    }

    /// Re-fits every window to its grain (η > 1e-6 plus the margin) and drops vanished grains.
    private mutating func recutWindows() {
        let n = parameters.gridSize, margin = Self.windowMargin
        var kept: [GrainField] = [], keptIds: [Int] = []
        for (field, id) in zip(grains, grainIds) {
            if field.isFull {
                if field.boundingBox(above: Self.presenceThreshold) != nil { kept.append(field); keptIds.append(id) }
                continue
            }
            guard let box = field.boundingBox(above: Self.presenceThreshold) else { continue }
            let height = box.rows.count + 2 * margin, width = box.columns.count + 2 * margin
            let refitted: GrainField
            let rowShift = box.rows.lowerBound - margin, columnShift = box.columns.lowerBound - margin
            if height > n - 2 || width > n - 2 {
                refitted = GrainField(fullBoxOf: n)
            } else {
                refitted = GrainField(
                    boxSize: n, originRow: field.originRow + rowShift, originColumn: field.originColumn + columnShift,
                    height: height, width: width, isFull: false)
            }
            for row in 0..<field.height {
                for column in 0..<field.width {
                    let value = field[row, column]
                    guard value != 0 else { continue }
                    if refitted.isFull {
                        refitted[field.globalRows[row], field.globalColumns[column]] = value
                    } else {
                        let newRow = row - rowShift, newColumn = column - columnShift
                        if newRow >= 0 && newRow < height && newColumn >= 0 && newColumn < width {
                            refitted[newRow, newColumn] = value
                        }
                    }
                }
            }
            kept.append(refitted)
            keptIds.append(id)
        }
        grains = kept
        grainIds = keptIds
        balancePartitions()
    }

    /// Greedy longest-first assignment of grains to one partition per core by window area.
    private mutating func balancePartitions() {
        let count = max(1, min(ParallelRows.coreCount, grains.count))
        var loads = [Int](repeating: 0, count: count)
        var assignment = [[Int]](repeating: [], count: count)
        for index in grains.indices.sorted(by: { grains[$0].cellCount > grains[$1].cellCount }) {
            let lightest = loads.indices.min { loads[$0] < loads[$1] }!
            assignment[lightest].append(index)
            loads[lightest] += grains[index].cellCount
        }
        partitions = assignment
    }

    /// Index (into the initial seeds) of the grain with the largest η at each pixel, `N × N`.
    func labels() -> [Int] {
        let n = parameters.gridSize
        var best = [Float](repeating: -.infinity, count: n * n)
        var labels = [Int](repeating: -1, count: n * n)
        for (field, id) in zip(grains, grainIds) {
            for row in 0..<field.height {
                for column in 0..<field.width {
                    let index = field.globalRows[row] * n + field.globalColumns[column]
                    if field[row, column] > best[index] { best[index] = field[row, column]; labels[index] = id }
                }
            }
        }
        return labels
    }

    /// Dense `N × N` η of the grain with seed index `id` (zeros if it vanished) and which cells
    /// its window covers.
    func denseField(ofGrain id: Int) -> (values: [Float], inWindow: [Bool]) {
        let n = parameters.gridSize
        var dense = [Float](repeating: 0, count: n * n)
        var covered = [Bool](repeating: false, count: n * n)
        guard let position = grainIds.firstIndex(of: id) else { return (dense, covered) }
        let field = grains[position]
        for row in 0..<field.height {
            for column in 0..<field.width {
                let index = field.globalRows[row] * n + field.globalColumns[column]
                dense[index] = field[row, column]
                covered[index] = true
            }
        }
        return (dense, covered)
    }
}
