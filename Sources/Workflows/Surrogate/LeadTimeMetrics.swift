import Preprocessing
import Tensor

/// RMSE and SSIM (the paper's recipe) per lead time, for a prediction and for the persistence
/// baseline (the last context frame repeated), against the observed continuation.
public struct LeadTimeMetrics: Codable, Sendable, Equatable {
    /// Lead times 1…n (frames after the last context frame).
    public var leads: [Int]
    public var rmse: [Double]
    public var ssim: [Double]
    public var persistenceRMSE: [Double]
    public var persistenceSSIM: [Double]

    /// - Parameters:
    ///   - predicted: `[n, H, W]`; `observed`: `[m, H, W]` with m ≤ n scored; `last`: `[H, W]`.
    static func measure(predicted: Tensor, observed: Tensor, lastContext: Tensor) -> LeadTimeMetrics {
        let count = min(predicted.shape[0], observed.shape[0])
        let frameShape = Array(observed.shape.dropFirst())
        var metrics = LeadTimeMetrics(leads: [], rmse: [], ssim: [], persistenceRMSE: [], persistenceSSIM: [])
        for lead in 0..<count {
            let truth = observed.slice(axis: 0, range: lead..<(lead + 1)).reshaped(frameShape)
            let guess = predicted.slice(axis: 0, range: lead..<(lead + 1)).reshaped(frameShape)
            metrics.leads.append(lead + 1)
            metrics.rmse.append(ImageMetrics.rmse(guess, truth))
            metrics.ssim.append(ImageMetrics.ssim(guess, truth))
            metrics.persistenceRMSE.append(ImageMetrics.rmse(lastContext, truth))
            metrics.persistenceSSIM.append(ImageMetrics.ssim(lastContext, truth))
        }
        return metrics
    }

    /// Element-wise mean over several sequences (shortest length wins).
    static func mean(_ all: [LeadTimeMetrics]) -> LeadTimeMetrics {
        let count = all.map(\.leads.count).min() ?? 0
        func average(_ path: KeyPath<LeadTimeMetrics, [Double]>) -> [Double] {
            (0..<count).map { index in all.map { $0[keyPath: path][index] }.reduce(0, +) / Double(all.count) }
        }
        return LeadTimeMetrics(
            leads: Array(1...max(count, 1)).prefix(count).map { $0 }, rmse: average(\.rmse), ssim: average(\.ssim),
            persistenceRMSE: average(\.persistenceRMSE), persistenceSSIM: average(\.persistenceSSIM))
    }

    /// RMSE and SSIM against lead time, with the persistence baseline, as an SVG pair.
    func charts(title: String) -> (rmse: String, ssim: String) {
        let x = leads.map(Double.init)
        let rmseChart = LineChart(
            title: "\(title): RMSE", xLabel: "lead time (frames)", yLabel: "RMSE",
            series: [
                .init(name: "E3D-LSTM", points: Array(zip(x, rmse)).map { (x: $0.0, y: $0.1) }, color: "#1f6fd1"),
                .init(name: "persistence", points: Array(zip(x, persistenceRMSE)).map { (x: $0.0, y: $0.1) }, color: "#888", dashed: true),
            ])
        let ssimChart = LineChart(
            title: "\(title): SSIM", xLabel: "lead time (frames)", yLabel: "SSIM",
            series: [
                .init(name: "E3D-LSTM", points: Array(zip(x, ssim)).map { (x: $0.0, y: $0.1) }, color: "#1f6fd1"),
                .init(name: "persistence", points: Array(zip(x, persistenceSSIM)).map { (x: $0.0, y: $0.1) }, color: "#888", dashed: true),
            ])
        return (rmseChart.svg, ssimChart.svg)
    }
}
