/// Dependency-free SVG figures of an ``InferenceResult``.
public enum PosteriorPlot {
    /// The posterior density over the prior range: 95 % (light) and 68 % (darker) interval
    /// bands, mean (solid line), MAP (dashed), the truth when known (red), and the flags.
    ///
    /// Element ids for tooling and tests: `density` (the curve), `band95`, `band68`.
    public static func svg(_ result: InferenceResult, truth: Double? = nil, width: Double = 640, height: Double = 400) -> String {
        var document = SVGDocument(width: width, height: height)
        let (left, right, top, bottom) = (60.0, width - 20, 40.0, height - 50)
        let margin = 0.04 * (result.prior.upperBound - result.prior.lowerBound)
        let xMin = result.prior.lowerBound - margin, xMax = result.prior.upperBound + margin
        let yMax = (result.posterior.density.max() ?? 1) * 1.1
        func x(_ value: Double) -> Double { left + (value - xMin) / (xMax - xMin) * (right - left) }
        func y(_ value: Double) -> Double { bottom - value / yMax * (bottom - top) }

        document.rect(x(result.prior.lowerBound), top, x(result.prior.upperBound) - x(result.prior.lowerBound), bottom - top, fill: "#f3f3f3")
        for (id, interval, colour) in [("band95", result.interval95, "#c6dbef"), ("band68", result.interval68, "#6baed6")] {
            let inside = zip(result.posterior.grid, result.posterior.density).filter { interval.contains($0.0) }
            let edge = [(interval.lowerBound, result.posterior.density(at: interval.lowerBound))] + inside
                + [(interval.upperBound, result.posterior.density(at: interval.upperBound))]
            document.polygon([(x(interval.lowerBound), y(0))] + edge.map { (x($0.0), y($0.1)) } + [(x(interval.upperBound), y(0))], fill: colour, id: id)
        }
        document.polyline(zip(result.posterior.grid, result.posterior.density).map { (x($0.0), y($0.1)) }, stroke: "#08306b", width: 2, id: "density")
        document.line(x(result.mean), top, x(result.mean), bottom, stroke: "#08306b")
        document.line(x(result.map), top, x(result.map), bottom, stroke: "#08306b", dash: "5,4")
        if let truth {
            document.line(x(truth), top, x(truth), bottom, stroke: "#cb181d", width: 2)
            document.text("truth \(format(truth))", x: x(truth) + 4, y: top + 14, size: 11, fill: "#cb181d")
        }
        axes(&document, left: left, right: right, top: top, bottom: bottom, xMin: xMin, xMax: xMax, label: result.parameter, x: x)
        document.text("prior \(format(result.prior.lowerBound))–\(format(result.prior.upperBound))", x: x(result.prior.lowerBound) + 4, y: bottom - 6, size: 10, fill: "#777")
        let headline = "\(result.parameter) = \(format(result.mean)) (MAP \(format(result.map))), 68% [\(format(result.interval68.lowerBound)), \(format(result.interval68.upperBound))], 95% [\(format(result.interval95.lowerBound)), \(format(result.interval95.upperBound))]"
        document.text(headline, x: left, y: 18, size: 12)
        let fit = "χ²/dof \(format(result.goodnessOfFit.chiSquarePerDegree)), p \(format(result.goodnessOfFit.pValue)), λ \(format(result.covarianceInflation))"
        let flags = result.flags.isClean ? "no flags" : "flags: " + result.flags.raised.joined(separator: ", ")
        document.text("\(fit); \(flags)", x: left, y: 33, size: 11, fill: result.flags.isClean ? "#444" : "#cb181d")
        return document.rendered
    }

    /// Observed summaries (dots) against the fitted emulator mean (line) with a ±2σ band, one
    /// panel per feature, versus observed frame index.
    public static func summaryCurvesSVG(_ result: InferenceResult, panelWidth: Double = 260, panelHeight: Double = 180) -> String {
        let columns = 3
        let rows = (result.summaries.count + columns - 1) / columns
        var document = SVGDocument(width: Double(columns) * panelWidth, height: Double(rows) * panelHeight)
        for (index, comparison) in result.summaries.enumerated() {
            let originX = Double(index % columns) * panelWidth, originY = Double(index / columns) * panelHeight
            let (left, right, top, bottom) = (originX + 45, originX + panelWidth - 10, originY + 25, originY + panelHeight - 30)
            let lows = zip(comparison.fitted, comparison.fittedDeviation).map { $0 - 2 * $1 }
            let highs = zip(comparison.fitted, comparison.fittedDeviation).map { $0 + 2 * $1 }
            var yMin = min(lows.min() ?? 0, comparison.observed.min() ?? 0)
            var yMax = max(highs.max() ?? 1, comparison.observed.max() ?? 1)
            if yMax - yMin < 1e-9 { yMin -= 0.5; yMax += 0.5 }
            let xMin = Double(comparison.frames.first ?? 0), xMax = max(Double(comparison.frames.last ?? 1), xMin + 1)
            func x(_ value: Double) -> Double { left + (value - xMin) / (xMax - xMin) * (right - left) }
            func y(_ value: Double) -> Double { bottom - (value - yMin) / (yMax - yMin) * (bottom - top) }
            let frames = comparison.frames.map(Double.init)
            document.polygon(zip(frames, highs).map { (x($0.0), y($0.1)) } + zip(frames, lows).reversed().map { (x($0.0), y($0.1)) }, fill: "#deebf7")
            document.polyline(zip(frames, comparison.fitted).map { (x($0.0), y($0.1)) }, stroke: "#08519c")
            for (frame, value) in zip(frames, comparison.observed) { document.circle(x(frame), y(value), radius: 2.5, fill: "#cb181d") }
            document.line(left, bottom, right, bottom, stroke: "#444")
            document.line(left, top, left, bottom, stroke: "#444")
            document.text(comparison.feature.rawValue, x: left, y: top - 8, size: 11)
            document.text(format(yMin), x: left - 4, y: bottom, size: 9, anchor: "end")
            document.text(format(yMax), x: left - 4, y: top + 8, size: 9, anchor: "end")
            document.text("frame", x: (left + right) / 2, y: bottom + 24, size: 9, anchor: "middle")
            document.text("\(Int(xMin))", x: left, y: bottom + 12, size: 9, anchor: "middle")
            document.text("\(Int(xMax))", x: right, y: bottom + 12, size: 9, anchor: "middle")
        }
        return document.rendered
    }

    private static func axes(_ document: inout SVGDocument, left: Double, right: Double, top: Double, bottom: Double,
                             xMin: Double, xMax: Double, label: String, x: (Double) -> Double) {
        document.line(left, bottom, right, bottom, stroke: "#444")
        document.line(left, top, left, bottom, stroke: "#444")
        for tick in 0...5 {
            let value = xMin + (xMax - xMin) * Double(tick) / 5
            document.line(x(value), bottom, x(value), bottom + 5, stroke: "#444")
            document.text(format(value), x: x(value), y: bottom + 18, size: 10, anchor: "middle")
        }
        document.text(label, x: (left + right) / 2, y: bottom + 36, size: 12, anchor: "middle")
        document.text("density", x: left - 40, y: (top + bottom) / 2, size: 11)
    }


    /// Three significant decimals, no Foundation.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value != 0 && abs(value) < 0.001 { return value < 0 ? "-<0.001" : "<0.001" }
        let rounded = (value * 1000).rounded() / 1000
        return String(rounded)
    }
}
