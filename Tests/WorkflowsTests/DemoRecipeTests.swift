import Foundation
import Testing
@testable import Workflows

struct DemoRecipeTests {
    static var projectsFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Projects")
    }

    @Test func projectsCopyEqualsTheEmbeddedDefault() throws {
        let committed = try String(contentsOf: Self.projectsFolder.appendingPathComponent("demo.toml"), encoding: .utf8)
        #expect(committed == DemoRecipe.defaultTOML, "Projects/demo.toml differs from DemoRecipe.defaultTOML")
    }

    @Test func embeddedTextParsesToTheStructDefaults() throws {
        #expect(try DemoRecipe(toml: DemoRecipe.defaultTOML) == DemoRecipe())
    }

    @Test func badRecipesAreRejectedWithTheLine() {
        #expect(throws: OperandoError.self) { try DemoRecipe(toml: "steps = 10\nlayrs = 2") }
        #expect(throws: OperandoError.self) { try DemoRecipe(toml: "steps = ten") }
        #expect(throws: OperandoError.self) { try DemoRecipe(toml: "steps = 2.5") }
        #expect(throws: OperandoError.self) { try DemoRecipe(toml: "calibration_count = -1") }
    }

    @Test func calibrationCanBeSwitchedOff() throws {
        #expect(try DemoRecipe(toml: "calibration_count = 0").calibrationCount == 0)
        #expect(DemoRecipe().calibrationCount > 0)
    }
}
