import CYAML

/// Pulls events out of libyaml for one input buffer and translates them into `YAMLEvent`s.
///
/// The reader owns a copy of the input and the parser state; both are freed on deinit.
final class EventReader {
    private let file: String
    private let bytes: [UInt8]
    private let input: UnsafeMutablePointer<UInt8>
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private var initialized = false

    /// Prepares a parser over a private copy of the bytes.
    init(bytes: [UInt8], file: String) throws(YAMLError) {
        self.file = file
        self.bytes = bytes
        input = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        input.initialize(repeating: 0, count: max(bytes.count, 1))
        _ = UnsafeMutableBufferPointer(start: input, count: bytes.count).update(fromContentsOf: bytes)
        parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        parser.initialize(to: yaml_parser_t())
        event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        event.initialize(to: yaml_event_t())
        guard yaml_parser_initialize(parser) != 0 else {
            throw YAMLError(file: file, mark: .start, message: "cannot initialize the YAML parser")
        }
        initialized = true
        yaml_parser_set_input_string(parser, input, bytes.count)
    }

    deinit {
        if initialized {
            yaml_parser_delete(parser)
        }
        event.deinitialize(count: 1)
        event.deallocate()
        parser.deinitialize(count: 1)
        parser.deallocate()
        input.deinitialize(count: max(bytes.count, 1))
        input.deallocate()
    }

    /// The next event, or a `YAMLError` describing libyaml's complaint.
    func next() throws(YAMLError) -> YAMLEvent {
        guard yaml_parser_parse(parser, event) != 0 else {
            throw parserError()
        }
        defer { yaml_event_delete(event) }
        return translate(event.pointee)
    }

    private func translate(_ event: yaml_event_t) -> YAMLEvent {
        let mark = Self.mark(event.start_mark)
        let endMark = Self.mark(event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            let directives = event.data.document_start.tag_directives
            return .documentStart(mark: mark, hasTagDirectives: directives.start != directives.end)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(name: Self.string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text: String
            if let value = scalar.value {
                text = String(decoding: UnsafeBufferPointer(start: value, count: scalar.length), as: UTF8.self)
            } else {
                text = ""
            }
            let properties = YAMLEvent.Properties(anchor: Self.string(scalar.anchor), tag: Self.string(scalar.tag))
            return .scalar(
                text: text,
                style: Self.style(scalar.style),
                properties: properties,
                mark: mark,
                endMark: endMark
            )
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            let properties = YAMLEvent.Properties(anchor: Self.string(start.anchor), tag: Self.string(start.tag))
            return .sequenceStart(properties: properties, mark: mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd(endMark: endMark)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            let properties = YAMLEvent.Properties(anchor: Self.string(start.anchor), tag: Self.string(start.tag))
            return .mappingStart(properties: properties, mark: mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd(endMark: endMark)
        default:
            // YAML_STREAM_END_EVENT (and YAML_NO_EVENT, which libyaml only yields after the stream ended).
            return .streamEnd
        }
    }

    /// Builds the error for a failed `yaml_parser_parse`, using libyaml's problem and context.
    private func parserError() -> YAMLError {
        let state = parser.pointee
        let problem = Self.string(state.problem) ?? "invalid YAML"
        if state.error == YAML_MEMORY_ERROR {
            return YAMLError(file: file, mark: .start, message: "out of memory while parsing YAML")
        }
        if state.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset instead of a mark.
            var message = problem
            if state.problem_value >= 0 {
                message += " (U+\(SourceText.hex(state.problem_value, digits: 4)))"
            }
            let mark = SourceText.mark(atOffset: state.problem_offset, in: bytes)
            return YAMLError(file: file, mark: mark, message: message)
        }
        var note: YAMLNote?
        if let context = Self.string(state.context) {
            note = YAMLNote(mark: Self.mark(state.context_mark), message: context)
        }
        return YAMLError(file: file, mark: Self.mark(state.problem_mark), message: problem, note: note)
    }

    private static func mark(_ mark: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: mark.line + 1, column: mark.column + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
