import Testing
import Workflows

struct TableFormatTests {
    /// Columns as wide as their widest cell in characters (the accented and emoji cells count
    /// one each), two spaces apart, trailing spaces dropped — also when the last cells are empty.
    @Test func textAlignsColumnsByCharacters() {
        let text = TableFormat.text(columns: ["id", "kind", "K"], rows: [
            ["run-1", "infer", "2.5"],
            ["r2", "prédiction", ""],
            ["😀", "", ""],
        ])
        #expect(text == """
            id     kind        K
            run-1  infer       2.5
            r2     prédiction
            😀

            """)
    }

    @Test func csvQuotesOnlyWhatNeedsIt() {
        #expect(TableFormat.csv(columns: ["a", "b"], rows: [["x,y", "say \"hi\""], ["plain", ""]]) == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\nplain,\n")
    }
}
