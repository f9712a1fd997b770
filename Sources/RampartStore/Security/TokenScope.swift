import Foundation
public import RampartRules

/// The bots and accounts a trader token may trade for (DESIGN §8): comma-separated globs, `*` for all.
///
/// Ops and admin tokens carry no scope. A trader token always has one: `--bots` and `--accounts` are said
/// explicitly, and tokens created before scopes existed were given `*` by the migration.
public struct TokenScope: Sendable, Hashable, CustomStringConvertible {
    /// Bot patterns; a bot is in scope when one matches.
    public let bots: [Glob]
    /// Account patterns; an account is in scope when one matches.
    public let accounts: [Glob]

    /// Parses `grid-*,scalper-1` style lists; nil when a list is empty or holds an empty or ill-formed pattern.
    public init?(bots: String, accounts: String) {
        guard let bots = Self.patterns(bots), let accounts = Self.patterns(accounts) else { return nil }
        self.bots = bots
        self.accounts = accounts
    }

    /// A scope that admits nothing (a trader token whose stored scope cannot be read).
    public static let nothing = TokenScope(bots: [], accounts: [])

    private init(bots: [Glob], accounts: [Glob]) {
        self.bots = bots
        self.accounts = accounts
    }

    /// Whether an order or query for `bot` in `account` is in scope.
    public func admits(bot: String, account: String) -> Bool { admits(bot: bot) && admits(account: account) }

    /// Whether `bot` is in scope.
    public func admits(bot: String) -> Bool { bots.contains { $0.matches(bot) } }

    /// Whether `account` is in scope.
    public func admits(account: String) -> Bool { accounts.contains { $0.matches(account) } }

    /// The bot list as stored and shown.
    public var botList: String { bots.map(\.pattern).joined(separator: ",") }
    /// The account list as stored and shown.
    public var accountList: String { accounts.map(\.pattern).joined(separator: ",") }

    public var description: String { "bots \(botList) accounts \(accountList)" }

    /// Each pattern is a name of the name grammar with `*` wildcards.
    private static func patterns(_ list: String) -> [Glob]? {
        let items = list.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !items.isEmpty else { return nil }
        var globs: [Glob] = []
        for item in items {
            let withoutWildcards = item.replacingOccurrences(of: "*", with: "")
            guard !item.isEmpty, withoutWildcards.isEmpty || NameGrammar.admits(withoutWildcards),
                let glob = Glob(item)
            else { return nil }
            globs.append(glob)
        }
        return globs
    }
}
