import RampartRules

/// The violations and warnings of a journaled decision, kept in full so a repeated client order id gets the first
/// answer back after a restart (rule, check, limit, actual, message, action), not only the rule ids.
///
/// Stored as text in `journal_orders.findings`: one record per finding, separated by U+001E (record separator),
/// fields separated by U+001F (unit separator): `deny|warn`, rule, check, limit, actual, message, action. Neither
/// separator occurs in rule ids, measures or messages (they are control characters the YAML loader rejects). An
/// empty text is a decision without findings; NULL, one journaled before findings were kept.
enum JournalFindings {
    static let recordSeparator: Character = "\u{1E}"
    static let fieldSeparator: Character = "\u{1F}"

    /// The text for a decision's findings (empty when it has none).
    static func encode(violations: [Violation], warnings: [Violation]) -> String {
        guard !violations.isEmpty || !warnings.isEmpty else { return "" }
        let records =
            violations.map { record($0, enforced: true) } + warnings.map { record($0, enforced: false) }
        return records.joined(separator: String(recordSeparator))
    }

    private static func record(_ violation: Violation, enforced: Bool) -> String {
        [
            enforced ? "deny" : "warn", violation.rule, violation.check.rawValue, violation.limit, violation.actual,
            violation.message, violation.action.rawValue,
        ]
        .joined(separator: String(fieldSeparator))
    }

    /// The violations and warnings of `text`; nil when it is not what `encode` writes.
    static func decode(_ text: String) -> (violations: [Violation], warnings: [Violation])? {
        var violations: [Violation] = []
        var warnings: [Violation] = []
        if text.isEmpty { return ([], []) }
        for record in text.split(separator: recordSeparator, omittingEmptySubsequences: false) {
            let fields = record.split(separator: fieldSeparator, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 7, let check = CheckKind(rawValue: fields[2]),
                let action = ViolationAction(rawValue: fields[6]), fields[0] == "deny" || fields[0] == "warn"
            else { return nil }
            let violation = Violation(
                rule: fields[1],
                check: check,
                limit: fields[3],
                actual: fields[4],
                message: fields[5],
                action: action
            )
            if fields[0] == "deny" { violations.append(violation) } else { warnings.append(violation) }
        }
        return (violations, warnings)
    }
}
