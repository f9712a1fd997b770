import ArgumentParser
import RampartConfig
import RampartRules

/// `rampart explain`: the compiled rules in evaluation order, with each limit and where it came from.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show a profile's compiled rules in evaluation order with resolved limits and their sources."
    )

    @OptionGroup var directories: DirectoryOptions

    @Option(help: "Profile name (from --profiles-dir) or path.")
    var profile: String

    func run() throws {
        let compiled = try directories.compile(profile)
        print(Self.render(compiled))
    }

    /// The explanation as text.
    static func render(_ profile: CompiledProfile) -> String {
        var lines: [String] = []
        lines.append("profile \(profile.name)  hash \(profile.hash)")
        if !profile.spec.extendsChain.isEmpty {
            lines.append("extends \(profile.spec.extendsChain.joined(separator: " -> "))")
        }
        lines.append("files \(profile.spec.files.joined(separator: ", "))")
        if let balance = profile.spec.startingBalance {
            let currency = profile.spec.currency.map { " \($0.value)" } ?? ""
            lines.append("starting balance \(balance.value)\(currency)  (\(origin(balance.location, balance.via)))")
        }
        for account in profile.declaredAccounts.values.sorted(by: { $0.name < $1.name }) {
            let currency = account.currency.map { " \($0)" } ?? ""
            lines.append(
                "account \(account.name): \(account.startingBalance)\(currency) \(account.type)  "
                    + "(\(origin(account.location, nil)))"
            )
        }
        lines.append("max bots per account \(profile.maxBotsPerAccount)")
        if let require = profile.spec.parameters[.marketRequire] {
            // Which orders need a fresh market quote: read by the gate for every order, not by one rule.
            lines.append("market_data.require \(require.value)  (\(origin(require.location, require.via)))")
        }
        lines.append("")
        lines.append("rules in evaluation order:")
        for rule in profile.rules {
            let modes = TradingMode.allCases.filter { rule.modes.contains($0) }.map(\.description).joined(
                separator: ","
            )
            var line =
                "\(pad("\(rule.index + 1).", 4))\(pad(rule.id, 24)) \(pad(rule.check.rawValue, 22)) \(pad(rule.action.rawValue, 16)) \(pad(modes, 11))"
            if let limit = rule.baseLimit {
                let source: String
                switch rule.binding {
                case .parameter(let key)?: source = "\(key) = \(limit.value)  (\(origin(limit.location, limit.via)))"
                default: source = "\(limit.value)  (\(origin(limit.location, limit.via)))"
                }
                line += source
            } else {
                line += rule.isImplicit ? "built in, always on" : "no limit"
            }
            lines.append(line)
            if case .parameter(let key)? = rule.binding {
                for (number, override) in profile.spec.overrides.enumerated() {
                    guard let value = override.parameters[key] else { continue }
                    var scope: [String] = []
                    if let bot = override.bot { scope.append("bot \(bot)") }
                    if let symbol = override.symbol { scope.append("symbol \(symbol)") }
                    lines.append(
                        "        override #\(number + 1) (\(scope.joined(separator: ", "))): \(value.value)  (\(origin(value.location, value.via)))"
                    )
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func origin(_ location: SourceLocation, _ via: String?) -> String {
        "\(location.file):\(location.line)" + (via.map { ", via \($0)" } ?? "")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
