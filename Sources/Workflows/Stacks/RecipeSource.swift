import Foundation
public import Preprocessing

/// Where a preprocessing recipe comes from: step specs, a TOML file or the default.
public enum RecipeSource {
    public static func recipe(specs: [String], file: String?, useDefault: Bool) throws -> Recipe {
        if useDefault { return Recipe.defaultMicroscopy }
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw OperandoError(.noInput, "\(file): no such recipe file") }
            do { return try Recipe(toml: String(decoding: data, as: UTF8.self)) } catch {
                throw OperandoError(.usage, "\(file): \(error)")
            }
        }
        return try Recipe(specs: specs)
    }
}
