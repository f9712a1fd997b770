import ArgumentParser
import RampartConfig
import RampartJSON
import RampartRules

/// `rampart check`: one order against a profile and empty state; prints the decision as JSON.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide one order against a profile with empty state; exit 0 allowed, 3 denied, 1 error.",
        discussion: """
            ORDER is a JSON object (or @FILE, or - for standard input) with keys bot, account, symbol, side \
            (buy|sell), type (market|limit), quantity, price, reference_price, mode (paper|live), client_order_id, \
            stop_loss, take_profit, time (ISO 8601; default: now). Decimals may be JSON strings or numbers.
            """
    )

    @OptionGroup var directories: DirectoryOptions

    @Option(help: "Profile name (from --profiles-dir) or path.")
    var profile: String

    @Option(help: "The order as JSON, @FILE, or - for standard input.")
    var order: String

    func run() throws {
        let compiled = try directories.compile(profile)
        let bytes: [UInt8]
        if order == "-" {
            bytes = Terminal.readStandardInput()
        } else if order.hasPrefix("@") {
            switch Terminal.readFile(String(order.dropFirst())) {
            case .success(let contents): bytes = contents
            case .failure(let error):
                Terminal.printError(error.description)
                throw ExitCode.failure
            }
        } else {
            bytes = Array(order.utf8)
        }
        let request: OrderRequest
        do {
            request = try OrderRequest(json: JSONParser.parse(bytes))
        } catch let error as JSONSyntaxError {
            Terminal.printError("error: order JSON: \(error)")
            throw ExitCode.failure
        } catch {
            Terminal.printError("error: \(error)")
            throw ExitCode.failure
        }
        let now = request.time ?? Timestamp.now()
        let decision = compiled.evaluate(request.order, in: RiskState(), at: now)
        print(JSONWriter.string(decision.json, pretty: true))
        for warning in decision.warnings { Terminal.printError("warning: \(warning.rule): \(warning.message)") }
        if !decision.allowed { throw ExitCode(3) }
    }
}
