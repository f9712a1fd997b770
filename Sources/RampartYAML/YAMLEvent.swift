/// A libyaml parse event translated into Swift values, with 1-based marks.
enum YAMLEvent {
    /// Node properties written in the source; the loader rejects both.
    struct Properties {
        /// The anchor name, if an anchor (`&name`) was written.
        var anchor: String?
        /// The resolved tag, if a tag was written explicitly.
        var tag: String?
    }

    case streamStart
    case streamEnd
    case documentStart(mark: YAMLMark, hasTagDirectives: Bool)
    case documentEnd
    case alias(name: String, mark: YAMLMark)
    case scalar(text: String, style: YAMLNode.ScalarStyle, properties: Properties, mark: YAMLMark, endMark: YAMLMark)
    case sequenceStart(properties: Properties, mark: YAMLMark)
    case sequenceEnd(endMark: YAMLMark)
    case mappingStart(properties: Properties, mark: YAMLMark)
    case mappingEnd(endMark: YAMLMark)
}
