/// Binary morphology on `height × width` masks with disc structuring elements
/// (offsets with dx² + dy² ≤ r²). As in scikit-image, erosion ignores pixels outside the image
/// (treats them as foreground) and dilation treats them as background.
public enum Morphology {
    static func disc(_ radius: Int) -> [(Int, Int)] {
        var offsets: [(Int, Int)] = []
        for dr in -radius...radius {
            for dc in -radius...radius where dr * dr + dc * dc <= radius * radius { offsets.append((dr, dc)) }
        }
        return offsets
    }

    /// A pixel stays foreground if every in-image pixel of the disc around it is foreground.
    public static func erode(_ mask: [Bool], height: Int, width: Int, radius: Int) -> [Bool] {
        let offsets = disc(radius)
        var out = [Bool](repeating: false, count: mask.count)
        for r in 0..<height {
            for c in 0..<width where mask[r * width + c] {
                out[r * width + c] = offsets.allSatisfy { dr, dc in
                    let rr = r + dr
                    let cc = c + dc
                    return rr < 0 || rr >= height || cc < 0 || cc >= width || mask[rr * width + cc]
                }
            }
        }
        return out
    }

    /// A pixel becomes foreground if any pixel of the disc around it is foreground.
    public static func dilate(_ mask: [Bool], height: Int, width: Int, radius: Int) -> [Bool] {
        let offsets = disc(radius)
        var out = [Bool](repeating: false, count: mask.count)
        for r in 0..<height {
            for c in 0..<width where mask[r * width + c] {
                for (dr, dc) in offsets {
                    let rr = r + dr
                    let cc = c + dc
                    if rr >= 0 && rr < height && cc >= 0 && cc < width { out[rr * width + cc] = true }
                }
            }
        }
        return out
    }

    /// Opening: erosion then dilation (removes specks thinner than the disc).
    public static func open(_ mask: [Bool], height: Int, width: Int, radius: Int) -> [Bool] {
        dilate(erode(mask, height: height, width: width, radius: radius), height: height, width: width, radius: radius)
    }

    /// Closing: dilation then erosion (fills gaps narrower than the disc).
    public static func close(_ mask: [Bool], height: Int, width: Int, radius: Int) -> [Bool] {
        erode(dilate(mask, height: height, width: width, radius: radius), height: height, width: width, radius: radius)
    }

    /// Removes 8-connected foreground components with fewer than `minimumSize` pixels.
    public static func removeSmallObjects(_ mask: [Bool], height: Int, width: Int, minimumSize: Int) -> [Bool] {
        let components = ConnectedComponents(mask: mask, height: height, width: width, connectivity: .eight)
        return components.labels.map { $0 > 0 && components.areas[Int($0) - 1] >= minimumSize }
    }
}
