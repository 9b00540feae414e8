import Foundation
import Synchronization
import Testing
@testable import EvmonKafka

@Suite struct OAuthTokenSourceTests {
    /// An unsigned JWT whose `exp` is `expiry` (seconds since 1970).
    private func jwt(expiry: Int) -> String {
        func part(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        }
        return part(#"{"alg":"none"}"#) + "." + part(#"{"sub":"evmon","exp":\#(expiry)}"#) + "."
    }

    @Test func aTokenLivesAsLongAsItsJWTSaysOrAsTheJSONAnswerSays() throws {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let token = jwt(expiry: 1_000_600)
        #expect(try OAuthTokenSource.parse(token + "\n", now: now) == (token, .seconds(600)))
        #expect(try OAuthTokenSource.parse(#"{"access_token":"abc","expires_in":90}"#, now: now) == ("abc", .seconds(90)))
        #expect(try OAuthTokenSource.parse("opaque-token", now: now) == ("opaque-token", OAuthTokenSource.unknownLifetime))
    }

    /// Numbers a token command or a JWT makes up must not overflow the lifetime.
    @Test func absurdLifetimesAreBounded() throws {
        let year = Duration.milliseconds(Int64(OAuthTokenSource.maximumLifetimeSeconds * 1000))
        #expect(try OAuthTokenSource.parse(#"{"access_token":"t","expires_in":1e300}"#).lifetime == year)
        #expect(try OAuthTokenSource.parse(#"{"access_token":"t","expires_in":-5}"#).lifetime == OAuthTokenSource.unknownLifetime)
        #expect(try OAuthTokenSource.parse(jwt(expiry: Int.max)).lifetime == year)
        #expect(try OAuthTokenSource.parse(jwt(expiry: 0)).lifetime == .zero)
    }

    @Test(arguments: ["", "  \n", "two words", #"{"expires_in":5}"#, #"{"access_token":"has space"}"#, "tok\u{1}en", "ünïcode"])
    func unusableOutputIsAClearFailure(printed: String) {
        #expect(throws: OAuthTokenSource.CommandFailure.self) { try OAuthTokenSource.parse(printed) }
    }

    @Test func theCommandRunsThroughTheShellAndItsFailureSaysWhy() async throws {
        #expect(try await OAuthTokenSource(command: "printf '%s' tok-1").token() == "tok-1")
        await #expect {
            try await OAuthTokenSource(command: "echo 'issuer unreachable' >&2; exit 7").token()
        } throws: { error in
            String(describing: error) == "token command failed: it exited with status 7: issuer unreachable"
        }
    }

    /// A command that ignores SIGTERM, and leaves a child holding its output open, must not
    /// hold evmon: it is killed at its time limit and the connection fails with why.
    @Test func aCommandThatWillNotEndIsKilledAtItsLimit() async throws {
        await #expect {
            try await OAuthTokenSource(command: "trap '' TERM; sleep 30 & sleep 30", timeout: .milliseconds(300)).token()
        } throws: { error in
            String(describing: error) == "token command failed: it did not finish within 300 ms, so it was killed"
        }
    }

    /// The limit is kept even while Swift's cooperative threads are all busy (as blocking
    /// tests and a loaded machine make them): a command that outlives its limit is a timeout,
    /// not taken for a command that printed nothing because it was noticed only after it ended.
    @Test func theLimitHoldsWhileEveryCooperativeThreadIsBusy() async throws {
        let run = Task { try await OAuthTokenSource(command: "trap '' TERM; sleep 1 & sleep 1", timeout: .milliseconds(200)).token() }
        try await Task.sleep(for: .milliseconds(50))
        let blockers = (0..<ProcessInfo.processInfo.activeProcessorCount).map { _ in
            Task.detached { usleep(1_500_000) }
        }
        for blocker in blockers { await blocker.value }
        await #expect {
            try await run.value
        } throws: { error in
            String(describing: error) == "token command failed: it did not finish within 200 ms, so it was killed"
        }
    }

    @Test func aFreshTokenIsKeptUntilMostOfItsLifeHasPassedThenTheCommandRunsAgain() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let counter = folder.appendingPathComponent("runs").path
        // Each run appends a line and prints a token valid for one second more, numbered.
        let command = "echo run >> '\(counter)'; n=$(wc -l < '\(counter)'); echo \"{\\\"access_token\\\":\\\"t$n\\\",\\\"expires_in\\\":1}\""
        let start = ContinuousClock.now
        let elapsed = Mutex<Duration>(.zero)
        let source = OAuthTokenSource(command: command, now: { start + elapsed.withLock { $0 } })
        #expect(try await source.token() == "t1")
        elapsed.withLock { $0 = .milliseconds(700) }
        #expect(try await source.token() == "t1")
        elapsed.withLock { $0 = .milliseconds(900) }  // past 80 % of its one second
        #expect(try await source.token() == "t2")
    }
}
