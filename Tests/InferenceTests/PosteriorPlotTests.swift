import Inference
import Testing

struct PosteriorPlotTests {
    @Test func posteriorFigureDrawsTheDensityAndMarkers() throws {
        let frames = try Fixtures.model.simulate(parameters: ["K": 1.7], seed: 4242)
        let result = try Inferencer(bank: Fixtures.bank, options: Fixtures.fastOptions).infer(observed: frames)
        let svg = PosteriorPlot.svg(result, truth: 1.7, width: 640, height: 400)
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        #expect(svg.contains("id=\"band95\"") && svg.contains("id=\"band68\"") && svg.contains("truth 1.7"))
        // The density polyline has one point per grid node and its highest point sits at the MAP.
        let line = try #require(svg.split(separator: "\n").first { $0.contains("id=\"density\"") })
        let pointText = try #require(line.split(separator: "\"").drop { !$0.hasSuffix("points=") }.dropFirst().first)
        let points = pointText.split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
        #expect(points.count == result.posterior.grid.count)
        let highest = points.min { $0[1] < $1[1] }!
        let margin = 0.04 * 1.6
        let expectedX = 60 + (result.map - (0.8 - margin)) / (1.6 + 2 * margin) * (620 - 60)
        #expect(abs(highest[0] - expectedX) < 0.02)
    }

    @Test func summaryFigureHasOnePanelPerFeature() throws {
        let frames = try Fixtures.model.simulate(parameters: ["K": 1.2], seed: 4243)
        let result = try Inferencer(bank: Fixtures.bank, options: Fixtures.fastOptions).infer(observed: frames)
        let svg = PosteriorPlot.summaryCurvesSVG(result)
        for feature in SummaryFeature.allCases { #expect(svg.contains(">\(feature.rawValue)<")) }
        let dots = svg.split(separator: "\n").filter { $0.hasPrefix("<circle") }.count
        #expect(dots == result.summaries.reduce(0) { $0 + $1.observed.count })
    }
}
