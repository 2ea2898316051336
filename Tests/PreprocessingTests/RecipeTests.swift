import Foundation
import Testing
@testable import Preprocessing

struct RecipeTests {
    @Test func cliSpecsParseToTypedSteps() throws {
        let recipe = try Recipe(specs: [
            "crop=100x80+4+6", "resize=64x64", "denoise=gaussian:sigma=1.5", "denoise=nlm", "frames=2..20/3",
            "segment=multiotsu:classes=3:output=binary:opening=1", "convert=invert:range=percentile:low=2:high=98",
        ])
        #expect(recipe.steps == [
            .crop(x: 4, y: 6, width: 100, height: 80),
            .resize(width: 64, height: 64, method: .auto),
            .gaussian(sigma: 1.5),
            .nonLocalMeans(patchSize: 7, searchDistance: 11, strength: nil, noise: nil),
            .frames(start: 2, end: 20, step: 3),
            .segment(Segmentation(method: .multiOtsu(classes: 3), output: .binary, openingRadius: 1)),
            .convert(polarity: .invert, range: .percentiles(low: 2, high: 98)),
        ])
    }

    @Test func tomlFileEqualsCliSpecs() throws {
        let toml = """
            # default-ish recipe
            [[step]]
            kind = "hotpixels"   # sensor defects
            threshold = 6

            [[step]]
            kind = "resize"
            width = 64
            height = 64
            method = "area"

            [[step]]
            kind = "denoise"
            method = "tv"
            weight = 0.2
            """
        let fromFile = try Recipe(toml: toml)
        let fromSpecs = try Recipe(specs: ["hotpixels=6", "resize=64:method=area", "denoise=tv:weight=0.2"])
        #expect(fromFile == fromSpecs)
        #expect(fromFile.canonicalDescription == fromSpecs.canonicalDescription)
    }

    @Test func canonicalDescriptionSortsKeysFillsDefaultsAndNormalisesNumbers() throws {
        let a = try Recipe(specs: ["denoise=gaussian:sigma=1.50", "resize=32.0x32"])
        let b = try Recipe(specs: ["gaussian=1.5", "resize=32:method=auto"])
        #expect(a.canonicalDescription == b.canonicalDescription)
        #expect(a.canonicalDescription == #"{"steps":[{"kind":"gaussian","sigma":1.5},{"height":32,"kind":"resize","method":"auto","width":32}],"version":1}"#)
        #expect(try Recipe(specs: ["gaussian=1.6"]).canonicalDescription != a.canonicalDescription)
    }

    @Test func codableRoundTripPreservesEveryStep() throws {
        let recipe = try Recipe(specs: [
            "crop=10x10+1+2", "resize=8x8:method=bicubic", "median=2", "nlm:h=0.1:sigma=0.02", "tv", "hotpixels",
            "frames=..5", "normalize", "drift=linear", "flatfield=16", "segment=threshold:value=0.4:output=binary", "convert=auto:range=unit",
        ])
        let data = try JSONEncoder().encode(recipe)
        let decoded = try JSONDecoder().decode(Recipe.self, from: data)
        #expect(decoded == recipe)
        #expect(decoded.canonicalDescription == recipe.canonicalDescription)
        #expect(Recipe.defaultMicroscopy == (try JSONDecoder().decode(Recipe.self, from: JSONEncoder().encode(Recipe.defaultMicroscopy))))
    }

    @Test func invalidRecipesThrowErrorsNamingStepAndProblem() {
        #expect(throws: PreprocessingError.unknownStep(index: 1, kind: "sharpen")) { try Recipe(specs: ["tv", "sharpen"]) }
        #expect(throws: PreprocessingError.unknownParameter(index: 0, kind: "gaussian", parameter: "radius")) {
            try Recipe(specs: ["gaussian:radius=2"])
        }
        do {
            _ = try Recipe(specs: ["denoise=gaussian:sigma=-1"])
            Issue.record("negative sigma accepted")
        } catch let error as PreprocessingError {
            guard case let .invalidParameter(index, kind, parameter, _) = error else { Issue.record("\(error)"); return }
            #expect(index == 0 && kind == "gaussian" && parameter == "sigma")
            #expect(error.description.contains("step 1 (gaussian)"))
        } catch { Issue.record("\(error)") }
        #expect(throws: PreprocessingError.self) { try Recipe(specs: ["resize=64by64"]) }
        #expect(throws: PreprocessingError.self) { try Recipe(specs: ["median=1.5"]) }
        #expect(throws: PreprocessingError.self) { try Recipe(specs: ["segment=soft"]) }
        #expect(throws: PreprocessingError.self) { try Recipe(specs: ["segment=otsu:output=soft:opening=1"]) }
        #expect(throws: PreprocessingError.self) { try Recipe(specs: ["segment=multiotsu:classes=6"]) }
        do {
            _ = try Recipe(toml: "[[step]]\nkind = \"tv\"\nweight 0.1\n")
            Issue.record("malformed TOML accepted")
        } catch let PreprocessingError.syntax(line, _, _) {
            #expect(line == 3)
        } catch { Issue.record("\(error)") }
        #expect(throws: PreprocessingError.self) { try Recipe(toml: "kind = \"tv\"\n") }
        #expect(throws: PreprocessingError.self) { try Recipe(toml: "[[step]]\nweight = 0.1\n") }
    }
}
