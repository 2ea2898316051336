import Foundation

/// A small, dependency-free SVG line chart: axes with ticks, one polyline per series, a legend.
/// Output is deterministic text, so it embeds in HTML reports and diffs cleanly.
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        /// CSS colour.
        public var color: String
        public var dashed: Bool

        public init(name: String, points: [(x: Double, y: Double)], color: String, dashed: Bool = false) {
            self.name = name
            self.points = points
            self.color = color
            self.dashed = dashed
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    public var logY = false
    public var width = 560.0
    public var height = 320.0

    public init(title: String, xLabel: String, yLabel: String, series: [Series], logY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.logY = logY
    }

    /// The chart as an `<svg>` element.
    public var svg: String {
        let left = 64.0, right = 16.0, top = 28.0, bottom = 44.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let transform: (Double) -> Double = logY ? { log10(max($0, 1e-12)) } : { $0 }
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
        var (xMin, xMax) = (all.map(\.x).min() ?? 0, all.map(\.x).max() ?? 1)
        var (yMin, yMax) = (all.map { transform($0.y) }.min() ?? 0, all.map { transform($0.y) }.max() ?? 1)
        if xMax <= xMin { xMax = xMin + 1 }
        if yMax <= yMin { (yMin, yMax) = (yMin - 0.5, yMax + 0.5) }
        let pad = (yMax - yMin) * 0.05
        yMin -= pad
        yMax += pad
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotWidth }
        func py(_ y: Double) -> Double { top + plotHeight - (transform(y) - yMin) / (yMax - yMin) * plotHeight }
        func format(_ value: Double) -> String {
            if value != 0 && (abs(value) < 1e-3 || abs(value) >= 1e5) { return String(format: "%.1e", value) }
            return String(format: "%.4g", value)
        }
        var out = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(width / 2)\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">\(escape(title))</text>",
            "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"#444\"/>",
        ]
        for tick in 0...4 {
            let fraction = Double(tick) / 4
            let x = xMin + fraction * (xMax - xMin)
            let yValue = yMin + fraction * (yMax - yMin)
            let shown = logY ? pow(10, yValue) : yValue
            let xPixel = left + fraction * plotWidth
            let yPixel = top + plotHeight - fraction * plotHeight
            out.append("<line x1=\"\(xPixel)\" y1=\"\(top + plotHeight)\" x2=\"\(xPixel)\" y2=\"\(top + plotHeight + 4)\" stroke=\"#444\"/>")
            out.append("<text x=\"\(xPixel)\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\">\(format(x))</text>")
            out.append("<line x1=\"\(left - 4)\" y1=\"\(yPixel)\" x2=\"\(left + plotWidth)\" y2=\"\(yPixel)\" stroke=\"#ddd\"/>")
            out.append("<text x=\"\(left - 6)\" y=\"\(yPixel + 4)\" text-anchor=\"end\">\(format(shown))</text>")
        }
        out.append("<text x=\"\(left + plotWidth / 2)\" y=\"\(height - 8)\" text-anchor=\"middle\">\(escape(xLabel))</text>")
        out.append("<text x=\"14\" y=\"\(top + plotHeight / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(top + plotHeight / 2))\">\(escape(yLabel))</text>")
        for (index, line) in series.enumerated() {
            let points = line.points.filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
            let path = points.map { String(format: "%.2f,%.2f", px($0.x), py($0.y)) }.joined(separator: " ")
            out.append("<polyline fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.8\"\(line.dashed ? " stroke-dasharray=\"5,3\"" : "") points=\"\(path)\"/>")
            if points.count <= 60 {
                for point in points {
                    out.append(String(format: "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2\"", px(point.x), py(point.y)) + " fill=\"\(line.color)\"/>")
                }
            }
            let legendY = top + 14 + Double(index) * 14
            out.append("<line x1=\"\(left + plotWidth - 150)\" y1=\"\(legendY - 4)\" x2=\"\(left + plotWidth - 130)\" y2=\"\(legendY - 4)\" stroke=\"\(line.color)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"5,3\"" : "")/>")
            out.append("<text x=\"\(left + plotWidth - 125)\" y=\"\(legendY)\">\(escape(line.name))</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
