import Testing

@testable import rampart

/// `serve --event-loops`: read from the raw arguments before NIO starts its threads.
@Suite struct EventLoopOptionTests {
    @Test func theDefaultIsOnePerCore() {
        #expect(ServeCommand.eventLoopCount(arguments: [], cores: 2) == 2)
        #expect(ServeCommand.eventLoopCount(arguments: ["--db", "x"], cores: 8) == 8)
        #expect(ServeCommand.eventLoopCount(arguments: [], cores: 0) == 1, "never zero")
    }

    @Test func theOptionWinsInBothSpellings() {
        #expect(ServeCommand.eventLoopCount(arguments: ["--db", "x", "--event-loops", "3"], cores: 2) == 3)
        #expect(ServeCommand.eventLoopCount(arguments: ["--event-loops=1"], cores: 8) == 1)
    }

    @Test func aBadValueLeavesTheDefaultForTheParserToRefuse() {
        #expect(ServeCommand.eventLoopCount(arguments: ["--event-loops", "0"], cores: 4) == 4)
        #expect(ServeCommand.eventLoopCount(arguments: ["--event-loops", "many"], cores: 4) == 4)
        #expect(ServeCommand.eventLoopCount(arguments: ["--event-loops"], cores: 4) == 4)
    }

    @Test func zeroIsRefusedBeforeAnythingStarts() throws {
        let run = try RampartProcess.run(["serve", "--event-loops", "0", "--db", "/nonexistent/rampart.sqlite"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--event-loops must be at least 1"), "\(run.stderr)")
        let word = try RampartProcess.run(["serve", "--event-loops", "many", "--db", "/nonexistent/rampart.sqlite"])
        #expect(word.status == 2, "\(word.stderr)")
    }
}
