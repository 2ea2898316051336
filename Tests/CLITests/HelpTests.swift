import ArgumentParser
import Testing
@testable import operando

struct HelpTests {
    @Test func rootHelpNamesTheTool() {
        #expect(Operando.helpMessage().contains("operando"))
    }
}
