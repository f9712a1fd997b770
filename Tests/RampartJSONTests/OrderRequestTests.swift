import RampartJSON
import RampartRules
import Testing

@Suite struct OrderRequestTests {
    static func request(_ members: String) throws -> OrderRequest {
        try OrderRequest(
            json: JSONParser.parse(
                #"{"symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"1","price":"1","#
                    + members + "}"
            )
        )
    }

    static func rejectedKey(_ members: String) -> String? {
        do {
            _ = try request(members)
            return nil
        } catch let error as OrderDecodingError {
            return error.key
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test(arguments: [
        #""bot":"grid-1.a_b:c""#, #""bot":"b","account":"main","client_order_id":"rp-0123""#,
        #""bot":"\#(String(repeating: "x", count: 64))""#,
    ])
    func namesInTheGrammarAreAccepted(members: String) throws {
        #expect(Self.rejectedKey(members) == nil)
    }

    @Test(arguments: [
        (#""bot":"\#(String(repeating: "x", count: 10_000))""#, "bot"), (#""bot":"two words""#, "bot"),
        (#""bot":"""#, "bot"), (#""bot":"b","account":"ma/in""#, "account"),
        (#""bot":"b","client_order_id":"\#(String(repeating: "7", count: 65))""#, "client_order_id"),
        (#""bot":"bé""#, "bot"),
    ])
    func namesOutsideTheGrammarAreRefusedNamingTheKey(members: String, key: String) {
        #expect(Self.rejectedKey(members) == key)
    }

    @Test func aLongNameIsNotEchoedWhole() {
        do {
            _ = try Self.request(#""bot":"\#(String(repeating: "x", count: 10_000))""#)
            Issue.record("accepted")
        } catch let error as OrderDecodingError {
            #expect(error.description.count < 200)
            #expect(error.description.contains("a 10000-byte name"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

/// The answer `OrderRequest(json:)` gives each body, error messages word for word: the order of the checks decides
/// which error a body with several faults gets, and the reader must keep it.
@Suite struct OrderRequestErrorTests {
    static let valid = #""bot":"b","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"1""#

    static func outcome(_ body: String) -> String {
        do {
            let request = try OrderRequest(json: JSONParser.parse(body))
            let order = request.order
            return [
                order.bot, order.account, order.symbol, "\(order.side)", "\(order.type)", "\(order.quantity)",
                "\(order.price.map(\.description) ?? "-")", "\(order.referencePrice.map(\.description) ?? "-")",
                "\(order.mode)", order.clientOrderID ?? "-", "\(order.stopLoss.map(\.description) ?? "-")",
                "\(order.takeProfit.map(\.description) ?? "-")", "\(order.reduceOnly)",
                "\(request.time.map(\.description) ?? "-")", "\(request.requestedExecution.map { "\($0)" } ?? "-")",
            ].joined(separator: " ")
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        (#"[]"#, "order: expected a JSON object, found array"),
        (#"{\#(valid)}"#, "b default BTC/USDT buy limit 1 - - paper - - - false - -"),
        (
            #"{"bot":"b","account":"a","symbol":"S","side":"sell","type":"market","quantity":2.50,"price":"3","#
                + #""reference_price":4e2,"mode":"live","client_order_id":"c-1","stop_loss":"1.5","take_profit":9,"#
                + #""time":"2026-01-05T09:30:00Z","reduce_only":true,"execution":"external"}"#,
            "b a S sell market 2.5 3 400 live c-1 1.5 9 true 2026-01-05T09:30:00Z external"
        ),
        (
            #"{\#(valid),"price":null,"reference_price":null,"mode":null,"client_order_id":null,"account":null,"#
                + #""stop_loss":null,"take_profit":null,"time":null,"reduce_only":null,"execution":null}"#,
            "b default BTC/USDT buy limit 1 - - paper - - - false - -"
        ),
        (#"{"side":"up","prise":"1","qty":"2"}"#, "order key 'prise': unknown key; did you mean 'price'?"),
        (#"{"qty":"2","side":"up"}"#, "order key 'qty': unknown key"),
        (#"{"bot":"b","Side":"buy"}"#, "order key 'Side': unknown key; did you mean 'side'?"),
        (#"{"bot":"two words","quantity":true}"#, "order key 'side': missing"),
        (#"{"side":null}"#, "order key 'side': missing"),
        (#"{"side":1}"#, "order key 'side': expected a string, found number"),
        (#"{"side":""}"#, "order key 'side': must not be empty"),
        (#"{"side":"up","type":"x"}"#, "order key 'side': expected buy or sell, found 'up'"),
        (#"{"side":"buy","type":"stop"}"#, "order key 'type': expected market or limit, found 'stop'"),
        (
            #"{"side":"buy","type":"limit","mode":"real","bot":1}"#,
            "order key 'mode': expected paper or live, found 'real'"
        ),
        (#"{\#(valid),"execution":"venue"}"#, "order key 'execution': expected rampart or external, found 'venue'"),
        (#"{\#(valid),"execution":[]}"#, "order key 'execution': expected a string, found array"),
        (
            #"{\#(valid),"time":"yesterday"}"#,
            "order key 'time': expected ISO 8601 UTC such as 2026-01-05T09:30:00Z, found 'yesterday'"
        ),
        (#"{\#(valid),"time":5}"#, "order key 'time': expected a string, found number"),
        (
            #"{\#(valid),"reduce_only":"yes","account":""}"#,
            "order key 'reduce_only': expected true or false, found string"
        ),
        (#"{"side":"buy","type":"limit"}"#, "order key 'bot': missing"),
        (#"{"side":"buy","type":"limit","bot":7}"#, "order key 'bot': expected a string, found number"),
        (#"{"side":"buy","type":"limit","bot":"","symbol":""}"#, "order key 'bot': must not be empty"),
        (
            #"{"side":"buy","type":"limit","bot":"a b","symbol":""}"#,
            "order key 'bot': expected 1-64 characters of A-Z a-z 0-9 . _ : -, found 'a b'"
        ),
        (
            #"{"side":"buy","type":"limit","bot":"b","account":"a/b"}"#,
            "order key 'account': expected 1-64 characters of A-Z a-z 0-9 . _ : -, found 'a/b'"
        ),
        (#"{"side":"buy","type":"limit","bot":"b"}"#, "order key 'symbol': missing"),
        (#"{"side":"buy","type":"limit","bot":"b","symbol":""}"#, "order key 'symbol': must not be empty"),
        (#"{"side":"buy","type":"limit","bot":"b","symbol":"S","price":"x"}"#, "order key 'quantity': missing"),
        (
            #"{"side":"buy","type":"limit","bot":"b","symbol":"S","quantity":false}"#,
            "order key 'quantity': expected a number, found boolean"
        ),
        (
            #"{"side":"buy","type":"limit","bot":"b","symbol":"S","quantity":"1x"}"#,
            "order key 'quantity': '1x' is not a number: unexpected character at offset 1"
        ),
        (
            #"{"side":"buy","type":"limit","bot":"b","symbol":"S","quantity":0.000000001}"#,
            "order key 'quantity': more than 8 decimal places"
        ),
        (#"{\#(valid),"price":"","stop_loss":"x"}"#, "order key 'price': '' is not a number: empty number"),
        (#"{\#(valid),"reference_price":{}}"#, "order key 'reference_price': expected a number, found object"),
        (
            #"{\#(valid),"client_order_id":"a b","stop_loss":"x"}"#,
            "order key 'client_order_id': expected 1-64 characters of A-Z a-z 0-9 . _ : -, found 'a b'"
        ),
        (
            #"{\#(valid),"stop_loss":"1e99999"}"#,
            "order key 'stop_loss': '1e99999' is not a number: number out of range"
        ),
        (#"{\#(valid),"take_profit":"-"}"#, "order key 'take_profit': '-' is not a number: empty number"),
        (
            #"{\#(valid),"execution":"external"}"#,
            "order key 'client_order_id': required with execution 'external': fills are reported against it"
        ),
    ])
    func answersAsBefore(body: String, expected: String) {
        #expect(Self.outcome(body) == expected)
    }

    @Test func aValueBuiltWithARepeatedKeyIsReadByItsFirstMember() throws {
        // The parser refuses repeated keys; a value built in code may still have them.
        guard case .object(var members) = try JSONParser.parse(#"{\#(Self.valid)}"#) else {
            Issue.record("not an object")
            return
        }
        members.append(JSONMember("side", .string("sell")))
        members.append(JSONMember("quantity", .bool(true)))
        let request = try OrderRequest(json: .object(members))
        #expect(request.order.side == .buy)
        #expect(request.order.quantity == FixedDecimal(units: 100_000_000))
    }
}
