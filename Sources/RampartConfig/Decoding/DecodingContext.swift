import RampartRules
import RampartYAML

/// Decodes nodes of one file, collecting every independent error instead of stopping at the first.
struct DecodingContext {
    /// The file the nodes come from, as given to the loader.
    let file: String
    /// Errors found so far, in the order found.
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    /// Whether any error was reported.
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The source location of a mark in this file.
    func location(_ mark: YAMLMark) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// Reports an error at a mark.
    mutating func error(_ message: String, at mark: YAMLMark, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(.error, message, at: location(mark), notes: notes))
    }

    /// How a node's shape is named in messages.
    static func shape(of node: YAMLNode) -> String {
        switch node.kind {
        case .scalar: node.isPlainNull ? "nothing" : "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// The entries of a mapping node; reports an error and returns nil for anything else.
    mutating func mapping(_ node: YAMLNode, for path: String) -> [YAMLPair]? {
        if let pairs = node.mapping { return pairs }
        if node.isPlainNull {
            error("missing value for '\(path)'", at: node.mark)
        } else {
            error("expected a mapping for '\(path)', got \(Self.shape(of: node))", at: node.mark)
        }
        return nil
    }

    /// The items of a list node; reports an error and returns nil for anything else.
    mutating func sequence(_ node: YAMLNode, for path: String, of itemKind: String) -> [YAMLNode]? {
        if let items = node.sequence { return items }
        if node.isPlainNull {
            error("missing value for '\(path)'", at: node.mark)
        } else {
            error("expected a list of \(itemKind) for '\(path)', got \(Self.shape(of: node))", at: node.mark)
        }
        return nil
    }

    /// The text of a scalar node that must hold a `kind`; reports null and collections.
    mutating func scalar(
        _ node: YAMLNode,
        for path: String,
        expecting kind: String
    ) -> (
        text: String, quoted: Bool
    )? {
        if node.isPlainNull {
            error("missing value for '\(path)'", at: node.mark)
            return nil
        }
        guard case .scalar(let text, let style) = node.kind else {
            error("expected \(kind) for '\(path)', got \(Self.shape(of: node))", at: node.mark)
            return nil
        }
        return (text, style != .plain)
    }

    /// Keeps the pairs whose key is in `known` and reports the others as unknown, with a "did you mean" hint.
    mutating func knownPairs(_ pairs: [YAMLPair], allowed known: [String], in section: String) -> [YAMLPair] {
        var kept: [YAMLPair] = []
        for pair in pairs {
            if known.contains(pair.key) {
                kept.append(pair)
            } else {
                let hint = KeySuggestion.hint(for: pair.key, among: known)
                let list = hint.isEmpty ? "; expected one of: \(known.joined(separator: ", "))" : hint
                error("unknown key '\(pair.key)' in \(section)\(list)", at: pair.keyMark)
            }
        }
        return kept
    }

    /// Reports each key of `required` that `pairs` lacks, at `mark`; true when none is missing.
    mutating func requireKeys(_ required: [String], in pairs: [YAMLPair], of section: String, at mark: YAMLMark) -> Bool
    {
        let missing = required.filter { key in !pairs.contains { $0.key == key } }
        for key in missing {
            // A misspelt key was already reported with a "did you mean" hint: do not report it again as missing.
            let misspelt = pairs.contains { KeySuggestion.closest(to: $0.key, among: [key]) != nil }
            if !misspelt { error("missing required key '\(key)' in \(section)", at: mark) }
        }
        return missing.isEmpty
    }

    /// Runs a scalar parser on a node, reporting a syntax error at the scalar's own mark.
    mutating func parse<Value>(
        _ node: YAMLNode,
        for path: String,
        expecting kind: String,
        _ parser: (String, Bool) throws(ScalarSyntaxError) -> Value
    ) -> Sourced<Value>? {
        guard let (text, quoted) = scalar(node, for: path, expecting: kind) else { return nil }
        do {
            return Sourced(try parser(text, quoted), at: location(node.mark))
        } catch {
            self.error("invalid \(error.kind) '\(text)' for '\(path)': \(error.reason)", at: node.mark)
            return nil
        }
    }

    /// A non-empty string (any scalar style).
    mutating func string(_ node: YAMLNode, for path: String) -> Sourced<String>? {
        guard let (text, _) = scalar(node, for: path, expecting: "a string") else { return nil }
        if text.isEmpty {
            error("missing value for '\(path)'", at: node.mark)
            return nil
        }
        return Sourced(text, at: location(node.mark))
    }

    /// A boolean.
    mutating func bool(_ node: YAMLNode, for path: String) -> Sourced<Bool>? {
        parse(node, for: path, expecting: "a boolean (true or false)") { text, quoted throws(ScalarSyntaxError) in
            try ScalarGrammar.parseBool(text, quoted: quoted)
        }
    }

    /// An integer.
    mutating func integer(_ node: YAMLNode, for path: String) -> Sourced<Int>? {
        parse(node, for: path, expecting: "an integer") { text, quoted throws(ScalarSyntaxError) in
            try ScalarGrammar.parseInteger(text, quoted: quoted)
        }
    }

    /// A decimal number.
    mutating func decimal(_ node: YAMLNode, for path: String) -> Sourced<FixedDecimal>? {
        parse(node, for: path, expecting: "a number") { text, _ throws(ScalarSyntaxError) in
            try ScalarGrammar.parseDecimal(text)
        }
    }

    /// A percentage.
    mutating func percent(_ node: YAMLNode, for path: String) -> Sourced<Percent>? {
        parse(node, for: path, expecting: "a percentage") { text, _ throws(ScalarSyntaxError) in
            try ScalarGrammar.parsePercent(text)
        }
    }

    /// A duration.
    mutating func duration(_ node: YAMLNode, for path: String) -> Sourced<TimeSpan>? {
        parse(node, for: path, expecting: "a duration") { text, _ throws(ScalarSyntaxError) in
            try ScalarGrammar.parseDuration(text)
        }
    }

    /// A rate window.
    mutating func rate(_ node: YAMLNode, for path: String) -> Sourced<Rate>? {
        parse(node, for: path, expecting: "a rate") { text, _ throws(ScalarSyntaxError) in
            try ScalarGrammar.parseRate(text)
        }
    }

    /// A glob pattern.
    mutating func glob(_ node: YAMLNode, for path: String) -> Sourced<Glob>? {
        parse(node, for: path, expecting: "a pattern") { text, _ throws(ScalarSyntaxError) in
            try ScalarGrammar.parseGlob(text)
        }
    }

    /// A percentage in 0%…100%, both ends included (eligibility and paper settings).
    mutating func fraction(_ node: YAMLNode, for path: String) -> Sourced<Percent>? {
        guard let value = percent(node, for: path) else { return nil }
        if value.value.value.isNegative || value.value.value > FixedDecimal(100) {
            error("invalid value \(value.value) for '\(path)': must be between 0% and 100%", at: node.mark)
            return nil
        }
        return value
    }

    /// An integer that is zero or more.
    mutating func count(_ node: YAMLNode, for path: String) -> Sourced<Int>? {
        guard let value = integer(node, for: path) else { return nil }
        if value.value < 0 {
            error("invalid value \(value.value) for '\(path)': must not be negative", at: node.mark)
            return nil
        }
        return value
    }
}
