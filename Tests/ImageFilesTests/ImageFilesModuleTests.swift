import Testing
@testable import ImageFiles

struct ImageFilesModuleTests {
    @Test func moduleNameIsStable() { #expect(ImageFilesModule.name == "ImageFiles") }
}
