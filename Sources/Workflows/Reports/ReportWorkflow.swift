import E3DLSTM
public import Foundation
import Hashing
import Inference
import ProjectStore

/// `operando report ID`: one offline HTML file about an artifact — the pictures for its kind,
/// its numbers, and always its lineage.
public enum ReportWorkflow {
    public struct Outcome: Codable, Sendable {
        public var report: String
        public var path: String
    }

    public static func run(project: Project, reference: String, output: URL? = nil) throws -> Outcome {
        let artifact = try project.database.artifact(reference)
        var page = HTMLReport(title: "\(artifact.kind): \(artifact.name ?? artifact.id)")
        page.paragraph("Artifact \(artifact.id), created \(ISO8601Timestamp.string(from: artifact.createdAt)).")
        let files = try project.database.files(of: artifact.id)
        switch ArtifactKind(rawValue: artifact.kind) {
        case .prediction: try prediction(artifact, files: files, project: project, page: &page)
        case .weights: try weights(artifact, page: &page)
        case .inference: try inference(artifact, files: files, project: project, page: &page)
        case .evaluation: try evaluation(artifact, files: files, project: project, page: &page)
        default:
            page.heading("Metadata")
            page.raw("<pre>\(HTMLReport.escape(try JSON.pretty(try JSON.decode(JSONValue.self, from: artifact.metadata))))</pre>")
        }
        try lineage(artifact, project: project, page: &page)
        let html = Array(page.html.utf8)
        let (stored, _) = try RunRecorder.record(project, kind: "report", parameters: ["artifact": .text(artifact.id)], used: [(artifact.id, "subject")]) { recorder in
            let draft = try recorder.artifact(
                .report, name: "report of \(artifact.name ?? artifact.id)", identity: "report:\(artifact.id):\(SHA256.hexDigest(of: html))",
                metadata: ["subject": artifact.id], files: ["html": try recorder.put(html)])
            return ([draft], [:], ())
        }
        let destination = output ?? project.outputsFolder.appendingPathComponent("\(artifact.id)-report.html")
        try AtomicFile.write(html, to: destination)
        return Outcome(report: stored[0].id, path: destination.path)
    }

    static func prediction(_ artifact: ArtifactRecord, files: [String: String], project: Project, page: inout HTMLReport) throws {
        let metadata = try JSON.decode(PredictionMetadata.self, from: artifact.metadata)
        page.heading("Observed, predicted and |error|")
        let frames = metadata.shape[0]
        let columns = min(8, frames)
        let picks = (0..<columns).map { min(frames - 1, Int((Double($0) + 1) * Double(frames) / Double(columns)) - 1) }
        let labels = picks.map { index -> String in
            let lead = index + 1
            if let interval = metadata.frameInterval { return String(format: "+%.3g ", Double(lead) * interval.value) + interval.unit }
            return "+\(lead) frames"
        }
        var scaleBar = ""
        if let pixel = metadata.pixelSize {
            // The montage shows each pixel 2× (PredictionMontage scale); a bar of 20 frame pixels.
            scaleBar = "<div style=\"margin:4px 0\"><span style=\"display:inline-block;width:40px;height:5px;background:#000;vertical-align:middle\"></span> "
                + HTMLReport.escape(String(format: "%.3g ", 20 * pixel.value) + pixel.unit) + "</div>"
        }
        if let montage = files["montage"] {
            page.png(
                try project.blobs.get(montage),
                caption: "Rows: observed (blank where the stack ends), predicted, 1 − |error|. Columns: lead times " + labels.joined(separator: ", ")
                    + " after frame \(metadata.fromFrame - 1) of \(metadata.stack).",
                extra: scaleBar)
        }
        if let metrics = metadata.metrics, !metrics.leads.isEmpty {
            page.heading("Scores against the observed frames")
            let charts = metrics.charts(title: "prediction")
            page.svg(charts.rmse, caption: "RMSE per lead time; dashed: persistence (last observed frame repeated).")
            page.svg(charts.ssim, caption: "SSIM per lead time (paper's recipe).")
        }
    }

    static func weights(_ artifact: ArtifactRecord, page: inout HTMLReport) throws {
        guard let metadata = try? JSON.decode(WeightsMetadata.self, from: artifact.metadata) else { return }
        page.heading("Training")
        let c = metadata.configuration
        page.table(["layers", "hidden", "patch", "τ", "steps", "batch", "wall time"], [[
            "\(c.layers)", "\(c.hiddenChannels)", "\(c.patchSize)", "\(c.historyLength)", "\(metadata.steps)", "\(metadata.options.batchSize)",
            String(format: "%.0f s", metadata.wallSeconds),
        ]])
        let curve = metadata.curve
        let chart = LineChart(
            title: "loss", xLabel: "update", yLabel: "L1 + L2 loss",
            series: [
                .init(name: "train (mean of 10)", points: zip(curve.trainSteps, curve.trainLoss).map { (x: Double($0), y: $1) }, color: "#1f6fd1"),
                .init(name: "validation (free running)", points: zip(curve.validationSteps, curve.validationLoss).map { (x: Double($0), y: $1) }, color: "#d1601f"),
            ], logY: true)
        page.svg(chart.svg, caption: "Loss against update (log scale).")
    }

    static func inference(_ artifact: ArtifactRecord, files: [String: String], project: Project, page: inout HTMLReport) throws {
        let summary = try JSON.decode(InferenceSummary.self, from: artifact.metadata)
        page.heading("Estimate")
        let flags = summary.flags.isEmpty ? "<span class=\"ok\">none</span>" : "<span class=\"flag\">\(HTMLReport.escape(summary.flags.joined(separator: ", ")))</span>"
        page.table(["", "value"], [
            ["\(summary.parameter) (posterior mean)", String(format: "%.4f ± %.4f", summary.mean, summary.standardDeviation)],
            ["MAP", String(format: "%.4f", summary.map)],
            ["68 % interval", String(format: "[%.4f, %.4f]", summary.interval68[0], summary.interval68[1])],
            ["95 % interval", String(format: "[%.4f, %.4f]", summary.interval95[0], summary.interval95[1])],
            ["prior", String(format: "uniform [%.3g, %.3g]", summary.prior[0], summary.prior[1])],
            ["truth", summary.truth.map { String(format: "%.4f", $0) } ?? "unknown"],
            ["goodness of fit (p)", String(format: "%.3g", summary.pValue)],
            ["forward runs (bank)", "\(summary.forwardRuns)"],
            ["calibration applied", summary.calibration ?? "none"],
            ["engine", summary.weights.map { "surrogate (weights \($0))" } ?? "simulator"],
        ] + (summary.engineCheck.map { check in
            [["simulator check at the estimate", String(
                format: "χ² %.1f on %d (p %.3g), shift %+.4f ± %.4f (p %.3g), %d + %d runs", check.chiSquare, check.degreesOfFreedom,
                check.pValue, check.shift, check.shiftStandardError, check.shiftPValue, check.runs, check.runs)]]
        } ?? []))
        page.raw("<p>Flags: \(flags)</p>")
        if let posterior = files["posterior.svg"] {
            page.svg(String(decoding: try project.blobs.get(posterior), as: UTF8.self), caption: "Posterior density over the prior range, with its intervals (and the truth when known).")
        }
        if let curves = files["curves.svg"] {
            page.svg(String(decoding: try project.blobs.get(curves), as: UTF8.self), caption: "Observed summary statistics against the fitted ones.")
        }
    }

    static func evaluation(_ artifact: ArtifactRecord, files: [String: String], project: Project, page: inout HTMLReport) throws {
        let metadata = try JSON.decode(EvaluationMetadata.self, from: artifact.metadata)
        page.heading("Per-lead-time scores on \(metadata.sequences) sequences (\(metadata.split))")
        page.paragraph(String(format: "Mean SSIM over the first leads: %.3f. ", metadata.meanSSIMFirstLeads) + "RMSE below persistence at every lead: \(metadata.rmseBelowPersistenceAtEveryLead ? "yes" : "no").")
        for name in ["rmse.svg", "ssim.svg"] {
            if let hash = files[name] { page.svg(String(decoding: try project.blobs.get(hash), as: UTF8.self), caption: name) }
        }
    }

    static func lineage(_ artifact: ArtifactRecord, project: Project, page: inout HTMLReport) throws {
        let graph = try project.database.lineage(of: artifact.id)
        page.heading("Lineage")
        page.paragraph("Every run and artifact this result depends on (operando lineage \(artifact.id)).")
        var rows: [[String]] = []
        for run in graph.runs {
            let inputs = graph.edges.filter { $0.runId == run.id && $0.relation == .used }.map { "\($0.role): \($0.artifactId)" }.joined(separator: ", ")
            let outputs = graph.edges.filter { $0.runId == run.id && $0.relation == .generated }.map(\.artifactId).joined(separator: ", ")
            rows.append([ISO8601Timestamp.string(from: run.startedAt), run.kind, run.id, run.status.rawValue, inputs, outputs])
        }
        page.table(["started", "run", "id", "status", "used", "generated"], rows)
        page.table(["artifact", "kind", "name"], graph.artifacts.map { [$0.id, $0.kind, $0.name ?? ""] })
    }
}
