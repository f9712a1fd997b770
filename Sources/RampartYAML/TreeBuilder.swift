/// Turns a stream of `YAMLEvent`s into one `YAMLNode`, enforcing the loader's strictness rules.
struct TreeBuilder {
    /// A collection under construction.
    private enum Frame {
        case mapping(MappingFrame)
        case sequence(items: [YAMLNode], mark: YAMLMark)
    }

    /// A mapping under construction: finished pairs plus a key waiting for its value.
    private struct MappingFrame {
        var mark: YAMLMark
        var pairs: [YAMLPair] = []
        var firstMarks: [String: YAMLMark] = [:]
        var pendingKey: (text: String, mark: YAMLMark)?
    }

    /// Where the builder is in the stream.
    private enum Phase {
        case beforeDocument, inDocument, afterDocument
    }

    private let file: String
    private let maxDepth: Int
    private var stack: [Frame] = []
    private var root: YAMLNode?
    private var phase = Phase.beforeDocument

    /// Creates a builder that reports errors against `file`.
    init(file: String, maxDepth: Int) {
        self.file = file
        self.maxDepth = maxDepth
    }

    /// Feeds one event; returns the finished root once the stream has ended.
    mutating func consume(_ event: YAMLEvent) throws(YAMLError) -> YAMLNode? {
        switch event {
        case .streamStart, .documentEnd:
            return nil
        case .streamEnd:
            guard let root else { throw error(at: .start, "empty document") }
            return root
        case .documentStart(let mark, let hasTagDirectives):
            guard phase == .beforeDocument else {
                throw error(at: mark, "only one YAML document is allowed; found a second document here")
            }
            if hasTagDirectives {
                throw error(at: mark, "%TAG directives are not allowed")
            }
            phase = .inDocument
            return nil
        case .alias(let name, let mark):
            throw error(at: mark, "aliases are not allowed (*\(name))")
        case .scalar(let text, let style, let properties, let mark, let endMark):
            try check(properties, at: mark)
            try attach(YAMLNode(kind: .scalar(text, style), mark: mark, endMark: endMark))
            return nil
        case .sequenceStart(let properties, let mark):
            try open(kind: "sequence", properties: properties, mark: mark)
            stack.append(.sequence(items: [], mark: mark))
            return nil
        case .mappingStart(let properties, let mark):
            try open(kind: "mapping", properties: properties, mark: mark)
            stack.append(.mapping(MappingFrame(mark: mark)))
            return nil
        case .sequenceEnd(let endMark), .mappingEnd(let endMark):
            try close(endMark: endMark)
            return nil
        }
    }

    /// Rejects anchors and explicit tags on a node.
    private func check(_ properties: YAMLEvent.Properties, at mark: YAMLMark) throws(YAMLError) {
        if let anchor = properties.anchor {
            throw error(at: mark, "anchors are not allowed (&\(anchor))")
        }
        if let tag = properties.tag {
            throw error(at: mark, "explicit tags are not allowed (\(tag))")
        }
    }

    /// Checks that a collection may start here: no properties, not used as a key, not too deep.
    private func open(kind: String, properties: YAMLEvent.Properties, mark: YAMLMark) throws(YAMLError) {
        try check(properties, at: mark)
        if case .mapping(let frame) = stack.last, frame.pendingKey == nil {
            throw error(at: mark, "mapping keys must be scalars; found a \(kind) used as a key")
        }
        if stack.count + 1 > maxDepth {
            throw error(at: mark, "nesting is deeper than the limit of \(maxDepth) levels")
        }
    }

    /// Finishes the innermost collection and attaches it to its parent.
    private mutating func close(endMark: YAMLMark) throws(YAMLError) {
        guard let frame = stack.popLast() else {
            throw error(at: endMark, "unbalanced end of collection")
        }
        switch frame {
        case .sequence(let items, let mark):
            try attach(YAMLNode(kind: .sequence(items), mark: mark, endMark: endMark))
        case .mapping(let mapping):
            try attach(YAMLNode(kind: .mapping(mapping.pairs), mark: mapping.mark, endMark: endMark))
        }
    }

    /// Adds a finished node to the innermost collection, or makes it the root.
    private mutating func attach(_ node: YAMLNode) throws(YAMLError) {
        guard let top = stack.popLast() else {
            try setRoot(node)
            return
        }
        switch top {
        case .sequence(var items, let mark):
            items.append(node)
            stack.append(.sequence(items: items, mark: mark))
        case .mapping(var mapping):
            if let key = mapping.pendingKey {
                mapping.pairs.append(YAMLPair(key: key.text, keyMark: key.mark, value: node))
                mapping.pendingKey = nil
            } else {
                mapping.pendingKey = try key(from: node, in: mapping)
                if let key = mapping.pendingKey {
                    mapping.firstMarks[key.text] = key.mark
                }
            }
            stack.append(.mapping(mapping))
        }
    }

    /// Validates a node used as a mapping key and returns its text and mark.
    private func key(from node: YAMLNode, in mapping: MappingFrame) throws(YAMLError) -> (text: String, mark: YAMLMark)
    {
        guard case .scalar(let text, let style) = node.kind else {
            throw error(at: node.mark, "mapping keys must be scalars")
        }
        if style == .plain && text == "<<" {
            throw error(at: node.mark, "merge keys (<<) are not allowed")
        }
        if let first = mapping.firstMarks[text] {
            throw YAMLError(
                file: file,
                mark: node.mark,
                message: "duplicate key \"\(text)\"",
                note: YAMLNote(mark: first, message: "first defined here")
            )
        }
        return (text, node.mark)
    }

    /// Records the document's root node, rejecting an empty document.
    private mutating func setRoot(_ node: YAMLNode) throws(YAMLError) {
        if case .scalar("", .plain) = node.kind {
            throw error(at: node.mark, "empty document")
        }
        root = node
        phase = .afterDocument
    }

    private func error(at mark: YAMLMark, _ message: String) -> YAMLError {
        YAMLError(file: file, mark: mark, message: message)
    }
}
