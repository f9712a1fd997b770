import RampartRules
import RampartYAML
import Testing

@testable import RampartConfig

/// Decodes `value: TEXT` (on line 2 of `scalars.yaml`) as a parameter of `kind`.
private func decode(_ kind: ParameterKind, _ text: String) throws -> (value: ParameterValue?, diagnostics: [Diagnostic])
{
    let yaml = "# one scalar\nvalue: \(text)\n"
    let root = try YAMLLoader.load(bytes: Array(yaml.utf8), file: "scalars.yaml")
    let node = try #require(root.value(forKey: "value")).value
    var context = DecodingContext(file: "scalars.yaml")
    let value = context.parameterValue(node, kind: kind, for: "value")
    return (value?.value, context.diagnostics)
}

private func span(_ nanoseconds: Int64) -> TimeSpan { TimeSpan(nanoseconds: nanoseconds) }
private let minute: Int64 = 60_000_000_000
private let hour: Int64 = 3_600_000_000_000

struct ScalarGrammarTests {
    @Test(
        "accepted scalars decode to exact values",
        arguments: [
            (ParameterKind.bool, "true", ParameterValue.bool(true)),
            (.bool, "false", .bool(false)),
            (.integer, "25", .integer(25)),
            (.integer, "0", .integer(0)),
            (.decimal, "1000", .decimal(FixedDecimal(1000))),
            (.decimal, "0.00012", .decimal(FixedDecimal(units: 12_000))),
            (.decimal, "\"1000.50\"", .decimal(FixedDecimal(units: 100_050_000_000))),
            (.decimal, "'0.5'", .decimal(FixedDecimal(units: 50_000_000))),
            (.percent, "5%", .percent(Percent(FixedDecimal(5)))),
            (.percent, "0.5%", .percent(Percent(FixedDecimal(units: 50_000_000)))),
            (.percent, "100%", .percent(Percent(FixedDecimal(100)))),
            (.duration, "500ms", .duration(span(500_000_000))),
            (.duration, "2s", .duration(span(2_000_000_000))),
            (.duration, "1m", .duration(span(minute))),
            (.duration, "2h", .duration(span(2 * hour))),
            (.duration, "7d", .duration(span(7 * 24 * hour))),
            (.rates, "30/1m", .rates([Rate(count: 30, window: span(minute))])),
            (
                .rates, "[30/1m, 500/1h]",
                .rates([Rate(count: 30, window: span(minute)), Rate(count: 500, window: span(hour))])
            ),
            (.rates, "50/1d", .rates([Rate(count: 50, window: span(24 * hour))])),
            (.lossStreak, "{ losses: 3, cooldown: 2h }", .lossStreak(LossStreak(losses: 3, cooldown: span(2 * hour)))),
            (
                .symbols, "{ deny: [\"LUNA/*\"], allow: [\"*/USDT\", \"*/BTC\"] }",
                .symbols(SymbolFilter(deny: [Glob("LUNA/*")!], allow: [Glob("*/USDT")!, Glob("*/BTC")!]))
            ),
            (.symbols, "{ deny: [] }", .symbols(SymbolFilter(deny: [], allow: nil))),
        ]
    )
    func acceptedScalarDecodes(kind: ParameterKind, text: String, expected: ParameterValue) throws {
        let (value, diagnostics) = try decode(kind, text)
        #expect(diagnostics.isEmpty)
        #expect(value == expected)
    }

    @Test(
        "rejected scalars report the reason at the scalar's own line:col",
        arguments: [
            (ParameterKind.bool, "yes", 8, "invalid boolean 'yes' for 'value': write true or false"),
            (.bool, "no", 8, "invalid boolean 'no' for 'value': write true or false"),
            (.bool, "on", 8, "invalid boolean 'on' for 'value': write true or false"),
            (.bool, "off", 8, "invalid boolean 'off' for 'value': write true or false"),
            (.bool, "True", 8, "invalid boolean 'True' for 'value': write true or false"),
            (.bool, "1", 8, "invalid boolean '1' for 'value': write true or false"),
            (
                .bool, "\"true\"", 8,
                "invalid boolean 'true' for 'value': a quoted string is not a boolean; write true or false without quotes"
            ),
            (.bool, "~", 8, "missing value for 'value'"),
            (
                .integer, "0100", 8,
                "invalid integer '0100' for 'value': leading zeros are not allowed; write a whole number like 25 or -3"
            ),
            (.integer, "0x10", 8, "invalid integer '0x10' for 'value': write a whole number like 25 or -3"),
            (.integer, "1_000", 8, "invalid integer '1_000' for 'value': write a whole number like 25 or -3"),
            (.integer, "1:30", 8, "invalid integer '1:30' for 'value': write a whole number like 25 or -3"),
            (.integer, "1e3", 8, "invalid integer '1e3' for 'value': write a whole number like 25 or -3"),
            (.integer, "1.0", 8, "invalid integer '1.0' for 'value': write a whole number like 25 or -3"),
            (
                .integer, "\"25\"", 8,
                "invalid integer '25' for 'value': a quoted string is not an integer; write a whole number like 25 or -3 without quotes"
            ),
            (
                .integer, "99999999999999999999", 8,
                "invalid integer '99999999999999999999' for 'value': number out of range"
            ),
            (.integer, "-1", 8, "invalid value -1 for 'value': must not be negative"),
            (
                .decimal, ".inf", 8,
                "invalid decimal '.inf' for 'value': unexpected '.'; write a number like 1000 or 0.00012 (at most 8 decimals)"
            ),
            (
                .decimal, ".nan", 8,
                "invalid decimal '.nan' for 'value': unexpected '.'; write a number like 1000 or 0.00012 (at most 8 decimals)"
            ),
            (
                .decimal, "1e3", 8,
                "invalid decimal '1e3' for 'value': exponent notation is not allowed; write the digits out"
            ),
            (
                .decimal, "1.5abc", 8,
                "invalid decimal '1.5abc' for 'value': unexpected 'a'; write a number like 1000 or 0.00012 (at most 8 decimals)"
            ),
            (
                .decimal, "0.123456789", 8,
                "invalid decimal '0.123456789' for 'value': 9 decimal places; at most 8 are allowed"
            ),
            (.decimal, "0100", 8, "invalid decimal '0100' for 'value': leading zero is not allowed"),
            (.decimal, "0", 8, "invalid value 0 for 'value': must be greater than zero"),
            (.decimal, "{ amount: 5 }", 8, "expected a number for 'value', got a mapping"),
            (.decimal, "[5]", 8, "expected a number for 'value', got a list"),
            (.percent, "5", 8, "invalid percentage '5' for 'value': a percentage needs a % sign, like 5%"),
            (
                .percent, "five", 8,
                "invalid percentage 'five' for 'value': write a number followed by %, like 5% or 0.5%"
            ),
            (
                .percent, "5 %", 8,
                "invalid percentage '5 %' for 'value': unexpected ' '; write a number followed by %, like 5% or 0.5%"
            ),
            (.percent, "150%", 8, "invalid value 150% for 'value': must be above 0% and at most 100%"),
            (.percent, "0%", 8, "invalid value 0% for 'value': must be above 0% and at most 100%"),
            (
                .duration, "1 minute", 8,
                "invalid duration '1 minute' for 'value': write a whole number followed by ms, s, m, h or d, like 500ms or 2h"
            ),
            (
                .duration, "60", 8,
                "invalid duration '60' for 'value': a duration needs a unit; write a whole number followed by ms, s, m, h or d, like 500ms or 2h"
            ),
            (
                .duration, "1.5h", 8,
                "invalid duration '1.5h' for 'value': write a whole number followed by ms, s, m, h or d, like 500ms or 2h"
            ),
            (.duration, "0s", 8, "invalid value 0s for 'value': must be longer than zero"),
            (.duration, "999999999d", 8, "invalid duration '999999999d' for 'value': duration out of range"),
            (
                .rates, "30 per minute", 8,
                "invalid rate '30 per minute' for 'value': write COUNT/DURATION, like 30/1m or 500/1h"
            ),
            (
                .rates, "[30/1m, 30/1w]", 16,
                "invalid rate '30/1w' for 'value': the window '1w' is not a duration; write COUNT/DURATION, like 30/1m or 500/1h"
            ),
            (.rates, "0/1m", 8, "invalid value 0/1m for 'value': window 0/1m must allow at least 1"),
            (.rates, "[]", 8, "invalid value [] for 'value': needs at least one window"),
            (
                .rates, "100001/1h", 8,
                "invalid value 100001/1h for 'value': window 100001/1h allows more than 100000: every bot keeps one "
                    + "8-byte timestamp per allowed event, so the largest count sets the memory of each bot"
            ),
            (.lossStreak, "3", 8, "expected a mapping for 'value', got a scalar"),
            (.lossStreak, "{ losses: 3 }", 8, "missing required key 'cooldown' in 'value'"),
            (
                .lossStreak, "{ losses: 3, cooldwn: 2h }", 21,
                "unknown key 'cooldwn' in 'value'; did you mean 'cooldown'?"
            ),
            (
                .symbols, "{ deny: [\"\"] }", 17,
                "invalid pattern '' for 'value.deny': a pattern must not be empty, like \"*/USDT\""
            ),
        ]
    )
    func rejectedScalarReportsAtItsMark(kind: ParameterKind, text: String, column: Int, message: String) throws {
        let (value, diagnostics) = try decode(kind, text)
        #expect(value == nil)
        #expect(diagnostics.map(\.message) == [message])
        #expect(diagnostics.map { "\($0.location)" } == ["scalars.yaml:2:\(column)"])
    }

    @Test("the integer grammar takes a sign; counts reject it as a range problem")
    func negativeIntegers() throws {
        #expect(try ScalarGrammar.parseInteger("-3") == -3)
        #expect(throws: ScalarSyntaxError.self) { try ScalarGrammar.parseInteger("-03") }
        #expect(throws: ScalarSyntaxError.self) { try ScalarGrammar.parseInteger("--3") }
    }

    @Test("an empty glob is rejected and a non-empty one matches")
    func globGrammar() throws {
        #expect(throws: ScalarSyntaxError.self) { try ScalarGrammar.parseGlob("") }
        let glob = try ScalarGrammar.parseGlob("scalper-*")
        #expect(glob.matches("scalper-7"))
    }
}
