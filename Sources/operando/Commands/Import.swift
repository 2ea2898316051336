import ArgumentParser
import Foundation
import Workflows

extension Operando {
    /// `operando import FILE…`
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import TIFF stacks losslessly (libtiff): ImageJ hyperstacks, OME-TIFF, BigTIFF, any compression.",
            discussion: """
                Each file is decoded completely before anything is written: a bad file is reported \
                (exit 65, or 66 when missing) and leaves no trace, the other files are imported. \
                An identical file imported again is recognised by its SHA-256 and not stored twice.
                """)

        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "TIFF files.") var files: [String]
        @Option(help: "Name for the stack (default: the file name).") var name: String?
        @Option(help: "Pixel size overriding the file's, e.g. 0.3um (recorded as given by flag).") var pixelSize: String?
        @Option(help: "Frame interval overriding the file's, e.g. 2s.") var frameInterval: String?
        @Option(help: "Largest accepted image side in pixels.") var maximumSide = 65_536
        @Option(help: "Largest accepted frame in MiB.") var maximumFrameMiB = 256

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one TIFF file") }
            if name != nil && files.count > 1 { throw ValidationError("--name applies to one file; import files one at a time to name them") }
        }

        func run() throws {
            var worst: Int32 = 0
            try reportingErrors {
                let options = ImportWorkflow.Options(
                    name: name, pixelSize: try pixelSize.map { try Quantity(parsing: $0, what: "--pixel-size") },
                    frameInterval: try frameInterval.map { try Quantity(parsing: $0, what: "--frame-interval") },
                    maximumSide: maximumSide, maximumFrameBytes: maximumFrameMiB << 20)
                let outcomes = ImportWorkflow.run(project: try project.open(), files: files, options: options)
                worst = outcomes.compactMap(\.exitCode).max() ?? 0
                if output.json { return try printJSON(outcomes) }
                for outcome in outcomes {
                    if let error = outcome.error {
                        FileHandle.standardError.write(Data("operando: error: \(error)\n".utf8))
                    } else {
                        print("\(outcome.artifact ?? "")  \(outcome.path)\(outcome.alreadyStored ? "  (already stored)" : "")")
                    }
                }
            }
            if worst != 0 { throw ExitCode(worst) }
        }
    }

    /// `operando export ID out.tif`
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a stack, simulation or prediction as an ImageJ-compatible TIFF with its calibration.")
        @OptionGroup var project: ProjectOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "Artifact id (unique prefix) or name.") var id: String
        @Argument(help: "The TIFF file to write.") var file: String

        func run() throws {
            try reportingErrors {
                let outcome = try ExportWorkflow.run(project: try project.open(), reference: id, to: file)
                if output.json { return try printJSON(outcome) }
                print("wrote \(outcome.path): \(outcome.dtype) \(outcome.shape), array sha256 \(outcome.arraySHA256)")
            }
        }
    }
}
