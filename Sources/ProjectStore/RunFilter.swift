/// A typed filter over runs, parsed from the text a user gives to `operando runs --where`.
///
/// Grammar (case-insensitive keywords):
/// ```
/// expr       := or
/// or         := and ("or" and)*
/// and        := unary ("and" unary)*
/// unary      := "not" unary | "(" expr ")" | comparison
/// comparison := name op value | name "in" "(" value ("," value)* ")"
///             | name "between" value "and" value | name "is" ["not"] "null"
/// op         := = | == | != | <> | < | <= | > | >= | like
/// value      := number | 'quoted' | "quoted" | bare-word
/// ```
/// A `name` is a run column (`id`, `kind`, `status`, `started`, `ended`, `seed`, `host`,
/// `version`) or else the name of a run parameter or result (results win when both exist).
/// Numbers compare as numbers, text as text — the store keeps each value's type.
public indirect enum RunFilter: Sendable, Equatable {
    case comparison(name: String, op: String, value: ParameterValue)
    case membership(name: String, values: [ParameterValue])
    case between(name: String, low: ParameterValue, high: ParameterValue)
    case isNull(name: String, negated: Bool)
    case not(RunFilter)
    case and(RunFilter, RunFilter)
    case or(RunFilter, RunFilter)

    /// Run columns a filter or a sort may name, and their SQL.
    static let columns: [String: String] = [
        "id": "run.id", "kind": "run.kind", "status": "run.status", "started": "run.startedAt",
        "startedat": "run.startedAt", "ended": "run.endedAt", "endedat": "run.endedAt", "seed": "run.seed",
        "host": "run.host", "version": "run.softwareVersion", "command": "run.command", "error": "run.error",
    ]

    /// Parses the filter text.
    /// - Throws: `RunFilterError` with the position and what was expected.
    public static func parse(_ text: String) throws -> RunFilter {
        var parser = Parser(tokens: try tokenize(text), text: text)
        let filter = try parser.parseOr()
        guard parser.position == parser.tokens.count else { throw parser.error("unexpected '\(parser.tokens[parser.position].text)'") }
        return filter
    }

    /// SQL for a WHERE clause over `run`, with its arguments; the values it names are joined
    /// through `joins`.
    func sql(_ joins: inout RunValueJoins) -> (String, [ParameterValue]) {
        switch self {
        case .comparison(let name, let op, let value):
            let sqlOp = op == "==" ? "=" : (op == "<>" ? "!=" : op.uppercased())
            return ("\(Self.operand(name, &joins)) \(sqlOp) ?", [value])
        case .membership(let name, let values):
            return ("\(Self.operand(name, &joins)) IN (\(values.map { _ in "?" }.joined(separator: ", ")))", values)
        case .between(let name, let low, let high):
            return ("\(Self.operand(name, &joins)) BETWEEN ? AND ?", [low, high])
        case .isNull(let name, let negated):
            return ("\(Self.operand(name, &joins)) IS \(negated ? "NOT " : "")NULL", [])
        case .not(let inner):
            let (text, arguments) = inner.sql(&joins)
            return ("NOT (\(text))", arguments)
        case .and(let left, let right), .or(let left, let right):
            let (leftText, leftArguments) = left.sql(&joins)
            let (rightText, rightArguments) = right.sql(&joins)
            let joiner = if case .and = self { "AND" } else { "OR" }
            return ("(\(leftText)) \(joiner) (\(rightText))", leftArguments + rightArguments)
        }
    }

    /// The SQL operand for a name: a run column, or the run's value of that name (result first).
    static func operand(_ name: String, _ joins: inout RunValueJoins) -> String {
        columns[name.lowercased()] ?? joins.value(name)
    }
}

/// A filter that does not parse.
public struct RunFilterError: Error, CustomStringConvertible, Equatable {
    public var text: String
    public var message: String
    public var description: String { "--where '\(text)': \(message)" }
}

extension RunFilter {
    struct Token: Equatable {
        enum Kind { case word, number, string, symbol }
        var kind: Kind
        var text: String
    }

    static func tokenize(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "'" || character == "\"" {
                var end = index + 1
                while end < characters.count && characters[end] != character { end += 1 }
                guard end < characters.count else { throw RunFilterError(text: text, message: "unterminated quote") }
                tokens.append(Token(kind: .string, text: String(characters[(index + 1)..<end])))
                index = end + 1
            } else if "()<>=!,".contains(character) {
                var symbol = String(character)
                if index + 1 < characters.count, ["<=", ">=", "!=", "<>", "=="].contains(symbol + String(characters[index + 1])) {
                    symbol += String(characters[index + 1])
                }
                tokens.append(Token(kind: .symbol, text: symbol))
                index += symbol.count
            } else {
                var end = index
                while end < characters.count, !characters[end].isWhitespace, !"()<>=!,'\"".contains(characters[end]) { end += 1 }
                let word = String(characters[index..<end])
                tokens.append(Token(kind: Double(word) != nil ? .number : .word, text: word))
                index = end
            }
        }
        return tokens
    }

    struct Parser {
        var tokens: [Token]
        var text: String
        var position = 0

        func error(_ message: String) -> RunFilterError { RunFilterError(text: text, message: message) }

        func peekKeyword(_ keyword: String) -> Bool {
            position < tokens.count && tokens[position].kind == .word && tokens[position].text.lowercased() == keyword
        }

        mutating func take() throws -> Token {
            guard position < tokens.count else { throw error("the filter ends too early") }
            position += 1
            return tokens[position - 1]
        }

        mutating func expectSymbol(_ symbol: String) throws {
            let token = try take()
            guard token.kind == .symbol, token.text == symbol else { throw error("expected '\(symbol)' but found '\(token.text)'") }
        }

        mutating func parseOr() throws -> RunFilter {
            var left = try parseAnd()
            while peekKeyword("or") {
                position += 1
                left = .or(left, try parseAnd())
            }
            return left
        }

        mutating func parseAnd() throws -> RunFilter {
            var left = try parseUnary()
            while peekKeyword("and") {
                position += 1
                left = .and(left, try parseUnary())
            }
            return left
        }

        mutating func parseUnary() throws -> RunFilter {
            if peekKeyword("not") {
                position += 1
                return .not(try parseUnary())
            }
            if position < tokens.count, tokens[position] == Token(kind: .symbol, text: "(") {
                position += 1
                let inner = try parseOr()
                try expectSymbol(")")
                return inner
            }
            return try parseComparison()
        }

        mutating func parseValue() throws -> ParameterValue {
            let token = try take()
            switch token.kind {
            case .number:
                if let integer = Int64(token.text) { return .integer(integer) }
                return .real(Double(token.text)!)
            case .string, .word: return .text(token.text)
            case .symbol: throw error("expected a value but found '\(token.text)'")
            }
        }

        mutating func parseComparison() throws -> RunFilter {
            let name = try take()
            guard name.kind == .word || name.kind == .string else { throw error("expected a name but found '\(name.text)'") }
            if peekKeyword("in") {
                position += 1
                try expectSymbol("(")
                var values = [try parseValue()]
                while position < tokens.count, tokens[position] == Token(kind: .symbol, text: ",") {
                    position += 1
                    values.append(try parseValue())
                }
                try expectSymbol(")")
                return .membership(name: name.text, values: values)
            }
            if peekKeyword("between") {
                position += 1
                let low = try parseValue()
                guard peekKeyword("and") else { throw error("expected 'and' in 'between … and …'") }
                position += 1
                return .between(name: name.text, low: low, high: try parseValue())
            }
            if peekKeyword("is") {
                position += 1
                let negated = peekKeyword("not")
                if negated { position += 1 }
                guard peekKeyword("null") else { throw error("expected 'null' after 'is'") }
                position += 1
                return .isNull(name: name.text, negated: negated)
            }
            let op = try take()
            let validOps: Set<String> = ["=", "==", "!=", "<>", "<", "<=", ">", ">="]
            guard (op.kind == .symbol && validOps.contains(op.text)) || (op.kind == .word && op.text.lowercased() == "like") else {
                throw error("expected a comparison (=, !=, <, <=, >, >=, like, in, between, is) after '\(name.text)' but found '\(op.text)'")
            }
            return .comparison(name: name.text, op: op.text.lowercased(), value: try parseValue())
        }
    }
}
