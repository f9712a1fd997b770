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
