/// Averages non-overlapping `factor × factor` blocks of a `size × size` field.
///
/// `output[i, j] = mean(input[factor·i ..< factor·(i+1), factor·j ..< factor·(j+1)])`, output
/// `size/factor × size/factor`; input row `r` starts at `input + r·rowStride` (padded layouts
/// pass their interior origin and padded width). The mean is accumulated in Double.
/// - Precondition: `factor` divides `size`; `output.count == (size/factor)²`.
func blockAverage(
    _ input: UnsafePointer<Float>, rowStride: Int, size: Int, factor: Int,
    into output: UnsafeMutableBufferPointer<Float>
) {
    precondition(factor >= 1 && size % factor == 0, "blockAverage: factor \(factor) does not divide \(size)")
    let outputSize = size / factor
    precondition(output.count == outputSize * outputSize, "blockAverage: output \(output.count) for \(outputSize)²")
    let scale = 1.0 / Double(factor * factor)
    for outRow in 0..<outputSize {
        for outColumn in 0..<outputSize {
            var sum = 0.0
            for row in (outRow * factor)..<((outRow + 1) * factor) {
                let base = input + row * rowStride + outColumn * factor
                for offset in 0..<factor { sum += Double(base[offset]) }
            }
            output[outRow * outputSize + outColumn] = Float(sum * scale)
        }
    }
}
