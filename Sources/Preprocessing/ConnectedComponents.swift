/// Connected-component labelling of a binary `height × width` mask.
public struct ConnectedComponents: Sendable {
    /// Neighbourhood used to join foreground pixels.
    public enum Connectivity: Sendable { case four, eight }

    /// Label per pixel: 0 = background, 1…count = component (in raster order of first pixel).
    public let labels: [Int32]
    /// Pixel count of each component; `areas[k − 1]` is component k's.
    public let areas: [Int]
    public let height: Int
    public let width: Int

    /// Number of components.
    public var count: Int { areas.count }

    /// Labels `mask` (true = foreground) by flood fill.
    public init(mask: [Bool], height: Int, width: Int, connectivity: Connectivity) {
        precondition(mask.count == height * width, "ConnectedComponents: \(mask.count) ≠ \(height)×\(width)")
        var labels = [Int32](repeating: 0, count: mask.count)
        var areas: [Int] = []
        var stack: [Int] = []
        let neighbours: [(Int, Int)] = connectivity == .four
            ? [(-1, 0), (1, 0), (0, -1), (0, 1)]
            : [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]
        for start in 0..<mask.count where mask[start] && labels[start] == 0 {
            let label = Int32(areas.count + 1)
            labels[start] = label
            stack.append(start)
            var area = 0
            while let pixel = stack.popLast() {
                area += 1
                let r = pixel / width
                let c = pixel % width
                for (dr, dc) in neighbours {
                    let rr = r + dr
                    let cc = c + dc
                    guard rr >= 0, rr < height, cc >= 0, cc < width else { continue }
                    let next = rr * width + cc
                    if mask[next] && labels[next] == 0 {
                        labels[next] = label
                        stack.append(next)
                    }
                }
            }
            areas.append(area)
        }
        self.labels = labels
        self.areas = areas
        self.height = height
        self.width = width
    }

    /// The mask of component `label` (1-based).
    public func mask(of label: Int) -> [Bool] {
        labels.map { Int($0) == label }
    }
}
