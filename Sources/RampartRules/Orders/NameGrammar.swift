/// The grammar of bot, account and client order id names (DESIGN §8): 1–64 characters of `A-Z a-z 0-9 . _ : -`.
///
/// A name becomes state (a bot, an account, a journal row), so one outside the grammar is refused before it is
/// stored: at the HTTP edge as a 400 naming the key, in the gate as an invalid order.
public enum NameGrammar {
    /// The longest name.
    public static let maximumLength = 64

    /// The grammar in words, for messages.
    public static let description = "1-64 characters of A-Z a-z 0-9 . _ : -"

    /// Whether `name` is in the grammar.
    public static func admits(_ name: String) -> Bool {
        var count = 0
        for byte in name.utf8 {
            count += 1
            if count > maximumLength { return false }
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return count > 0
    }
}
