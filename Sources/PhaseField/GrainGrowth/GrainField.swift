/// One grain's order parameter η on a window of the periodic box (or on the whole box).
///
/// The window covers global rows `originRow ..< originRow + height` and columns
/// `originColumn ..< originColumn + width` taken modulo the box side (so it may straddle the
/// periodic boundary). It is stored with a ring of ghost cells: zero for a window (η is below
/// 1e-6 for `GrainGrowthStepper.windowMargin` cells inside its edge), periodic copies for a
/// full-box field. Two buffers are swapped per step.
final class GrainField: @unchecked Sendable {
    let boxSize: Int
    let originRow: Int, originColumn: Int
    let height: Int, width: Int
    /// Whether this grain covers the whole periodic box.
    let isFull: Bool
    let stride: Int
    private(set) var values: UnsafeMutablePointer<Float>
    private(set) var next: UnsafeMutablePointer<Float>
    /// Global (wrapped) row and column of each local row and column.
    let globalRows: UnsafeMutablePointer<Int>
    let globalColumns: UnsafeMutablePointer<Int>

    init(boxSize: Int, originRow: Int, originColumn: Int, height: Int, width: Int, isFull: Bool) {
        precondition(height >= 1 && width >= 1 && height <= boxSize && width <= boxSize,
                     "GrainField: window \(height)×\(width) in box \(boxSize)")
        self.boxSize = boxSize
        self.originRow = isFull ? 0 : originRow
        self.originColumn = isFull ? 0 : originColumn
        self.height = height
        self.width = width
        self.isFull = isFull
        stride = width + 2
        let count = stride * (height + 2)
        values = .allocate(capacity: count)
        values.initialize(repeating: 0, count: count)
        next = .allocate(capacity: count)
        next.initialize(repeating: 0, count: count)
        globalRows = .allocate(capacity: height)
        globalColumns = .allocate(capacity: width)
        for row in 0..<height { globalRows[row] = Self.wrap(self.originRow + row, boxSize) }
        for column in 0..<width { globalColumns[column] = Self.wrap(self.originColumn + column, boxSize) }
    }

    /// A full-box field.
    convenience init(fullBoxOf boxSize: Int) {
        self.init(boxSize: boxSize, originRow: 0, originColumn: 0, height: boxSize, width: boxSize, isFull: true)
    }

    deinit {
        values.deallocate()
        next.deallocate()
        globalRows.deallocate()
        globalColumns.deallocate()
    }

    static func wrap(_ index: Int, _ size: Int) -> Int {
        let remainder = index % size
        return remainder < 0 ? remainder + size : remainder
    }

    /// Number of cells in the window (the work per step).
    var cellCount: Int { height * width }

    /// η at local `(row, column)`.
    subscript(row: Int, column: Int) -> Float {
        get { values[(row + 1) * stride + column + 1] }
        set { values[(row + 1) * stride + column + 1] = newValue }
    }

    /// For a full-box field, copies opposite edges into the ghost ring (periodic Laplacian).
    func wrapGhosts() {
        guard isFull else { return }
        for row in 1...height {
            let base = values + row * stride
            base[0] = base[width]
            base[width + 1] = base[1]
        }
        (values).update(from: values + height * stride, count: stride)
        (values + (height + 1) * stride).update(from: values + stride, count: stride)
    }

    func swapBuffers() {
        swap(&values, &next)
    }

    /// Local bounding box `(rows, columns)` of cells with η > threshold, or nil if none.
    func boundingBox(above threshold: Float) -> (rows: ClosedRange<Int>, columns: ClosedRange<Int>)? {
        var rowLow = Int.max, rowHigh = Int.min, columnLow = Int.max, columnHigh = Int.min
        for row in 0..<height {
            let base = values + (row + 1) * stride + 1
            for column in 0..<width where base[column] > threshold {
                rowLow = min(rowLow, row)
                rowHigh = max(rowHigh, row)
                columnLow = min(columnLow, column)
                columnHigh = max(columnHigh, column)
            }
        }
        return rowLow == Int.max ? nil : (rowLow...rowHigh, columnLow...columnHigh)
    }
}
