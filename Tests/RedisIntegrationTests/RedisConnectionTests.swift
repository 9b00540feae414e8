import EvmonTestSupport
import Foundation
import Testing

/// Credentials, databases, servers that are not there or never answer, a server restarted
/// during a follow, and a server that speaks only RESP2.
@Suite(.enabled(if: RedisTestBroker.enabled, "needs EVMON_TEST_REDIS (make test starts Redis)"))
struct RedisConnectionTests {
    static func authServer() throws -> String { try RedisTestBroker.variable("EVMON_TEST_REDIS_AUTH") }

    @Test func aclUserAndDefaultUserPasswordsWork() async throws {
        let address = try Self.authServer()
        let user = try RedisTestBroker.variable("EVMON_TEST_REDIS_USER")
        let password = try RedisTestBroker.variable("EVMON_TEST_REDIS_PASSWORD")
        let defaultPassword = try RedisTestBroker.variable("EVMON_TEST_REDIS_DEFAULT_PASSWORD")
        let stream = RedisTestBroker.uniqueStream("auth")
        try await RedisTestBroker.add(stream, [[("v", Array("secret".utf8))]], address: address, options: ["--password", defaultPassword])

        let asUser = try await RedisTestBroker.evmon(
            ["tail", stream, "--from", "earliest", "-e", "--format", "json"], url: "redis://\(user)@\(address)",
            environment: ["EVMON_REDIS_PASSWORD": password])
        #expect(asUser.exitCode == 0, "stderr: \(asUser.standardError)")
        #expect(try asUser.lines.map(TailedEntry.init(line:)).first?.fields.first?.value == Array("secret".utf8))
        let asDefault = try await RedisTestBroker.evmon(
            ["topics", "--format", "json"], url: "redis://\(address)", environment: ["EVMON_REDIS_PASSWORD": defaultPassword])
        #expect(asDefault.exitCode == 0, "stderr: \(asDefault.standardError)")
        #expect(asDefault.standardOutput.contains(stream))
        // The password never shows, not even in errors.
        #expect(!asUser.standardError.contains(password) && !asDefault.standardError.contains(defaultPassword))
    }

    @Test(arguments: [("evmon", "wrong"), (nil, "wrong"), ("nobody", "x"), (nil, nil)] as [(String?, String?)])
    func refusedCredentialsExit3AuthenticationFailed(user: String?, password: String?) async throws {
        let address = try Self.authServer()
        let url = "redis://" + (user.map { "\($0)@" } ?? "") + address
        let outcome = try await RedisTestBroker.evmon(["topics"], url: url, environment: password.map { ["EVMON_REDIS_PASSWORD": $0] } ?? [:])
        #expect(outcome.exitCode == 3, "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.contains("authentication failed"), "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.split(separator: "\n").count == 1, "one line: \(outcome.standardError)")
    }

    @Test func theDatabaseInTheURLIsSelected() async throws {
        let stream = RedisTestBroker.uniqueStream("db")
        try await RedisTestBroker.add(stream, [[("v", Array("in-db-5".utf8))]], options: ["--db", "5"])
        let inFive = try await RedisTestBroker.evmon(["tail", stream, "--from", "earliest", "-e", "--format", "json"], url: try RedisTestBroker.url("/5"))
        #expect(inFive.exitCode == 0, "stderr: \(inFive.standardError)")
        #expect(inFive.lines.count == 1)
        let inZero = try await RedisTestBroker.evmon(["topics", "--format", "json"])
        #expect(!inZero.standardOutput.contains(stream), "db 0 must not see db 5's stream")
        let outOfRange = try await RedisTestBroker.evmon(["topics"], url: try RedisTestBroker.url("/99"))
        #expect(outOfRange.exitCode == 2, "stderr: \(outOfRange.standardError)")
        #expect(outOfRange.standardError.contains("DB index is out of range"))
    }

    @Test func aServerThatIsDownOrSilentExits3Promptly() async throws {
        let portText = try await RedisTestBroker.python("free_port.py", [])
        let port = String(decoding: portText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try await RedisTestBroker.evmon(["topics"], url: "redis://127.0.0.1:\(port)", timeout: 90)
        #expect(refused.exitCode == 3 && refused.standardError.contains("connection refused"), "stderr: \(refused.standardError)")
        // evmon's own run, not the harness's wait to start it (seconds while the whole suite runs).
        #expect(refused.elapsed < 60, "a bound, not a speed: the whole suite shares two cores; loose: on the loaded machine evmon's own start has taken 7 s; the message tells a refusal from a timeout")

        // A listener that accepts and never answers (the handshake times out).
        let listener = Process()
        listener.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        listener.arguments = ["python3", "-c", "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',\(port)))\ns.listen(8)\nprint('ready',flush=True)\ntime.sleep(30)"]
        let output = Pipe()
        listener.standardOutput = output
        try listener.run()
        defer { listener.terminate() }
        _ = output.fileHandleForReading.availableData  // "ready"
        let silent = try await RedisTestBroker.evmon(["tail", "x", "-e"], url: "redis://127.0.0.1:\(port)", timeout: 90)
        #expect(silent.exitCode == 3, "stderr: \(silent.standardError)")
        #expect(silent.standardError.contains("cannot reach") && silent.standardError.contains("did not answer the handshake"), "stderr: \(silent.standardError)")
        #expect(silent.elapsed < 60, "a bound, not a speed: the whole suite shares two cores; the 3.5 s handshake timeout, and evmon's start on a loaded machine")
    }

    /// A server of the test's own, stopped and started again during `tail -f`: evmon reports the
    /// outage, reconnects and prints every entry once, in order.
    @Test func tailResumesAfterAServerRestartWithoutDuplicateOrGap() async throws {
        let server = try await RedisOwnServer()
        let stream = "restart"
        let before = try await RedisTestBroker.addNumbered(stream, count: 50, address: server.hostPort)
        let url = server.url
        async let follower = onOwnThread {
            try EvmonProcess.run(["tail", stream, "--from", "earliest", "--count", "100", "--format", "json", "--broker", url], timeout: 60)
        }
        try await Task.sleep(for: .seconds(2))
        try await server.stop()
        try await Task.sleep(for: .seconds(2))
        try await server.start()
        let after = try await RedisTestBroker.addNumbered(stream, count: 50, from: 50, address: server.hostPort)
        let outcome = try await follower
        #expect(outcome.exitCode == 0, "stderr: \(outcome.standardError)")
        #expect(outcome.standardError.contains("reconnecting"), "stderr: \(outcome.standardError)")
        let ids = try outcome.lines.map { try TailedEntry(line: $0).id }
        #expect(ids == before + after)
    }

    /// `HELLO` renamed away: Redis answers `unknown command` as Redis 5 does, and evmon speaks RESP2.
    @Test func aServerWithoutHelloIsReadOverRESP2() async throws {
        let server = try await RedisOwnServer(extraArguments: ["--rename-command", "HELLO", ""])
        let stream = "resp2"
        let ids = try await RedisTestBroker.add(
            stream, [[("payload", Array(#"{"a":1}"#.utf8))], [("a", [0xff]), ("a", Array("2".utf8))]], address: server.hostPort, options: ["--protocol", "2"])
        try await RedisTestBroker.redis([
            ["XGROUP", "CREATE", "resp2", "g", "0"],
            ["XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "resp2", ">"],
            ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "resp2", "0"],
            ["XREADGROUP", "GROUP", "g", "c", "STREAMS", "resp2", "0"],
        ], address: server.hostPort, options: ["--protocol", "2"])
        let tail = try await RedisTestBroker.evmon(["tail", stream, "--from", "earliest", "-e", "--format", "json"], url: server.url)
        #expect(tail.exitCode == 0, "stderr: \(tail.standardError)")
        let entries = try tail.lines.map(TailedEntry.init(line:))
        #expect(entries.map(\.id) == ids)
        #expect(entries.first?.value == Array(#"{"a":1}"#.utf8))
        let lag = try await RedisTestBroker.evmon(["lag", "--format", "json"], url: server.url)
        #expect(lag.exitCode == 0, "stderr: \(lag.standardError)")
        let line = try #require(lag.lines.first)
        let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(row["group"] as? String == "g" && row["committed"] as? String == ids[0] && row["lag"] as? Int == 1)
        let dlq = try await RedisTestBroker.evmon(["dlq", "list", "--format", "json"], url: server.url)
        #expect(dlq.exitCode == 0, "stderr: \(dlq.standardError)")
        #expect(dlq.lines.count == 1 && dlq.standardOutput.contains(ids[0]), "\(dlq.standardOutput)")
        // A follow over RESP2: XREAD answers `*-1` while nothing comes (it blocks 1 s at a time),
        // then an array of [key, entries].
        let url = server.url
        async let follow = onOwnThread {
            try EvmonProcess.run(["tail", stream, "--from", "latest", "--count", "1", "--format", "json", "--broker", url], timeout: 30)
        }
        try await Task.sleep(for: .milliseconds(2500))
        let late = try await RedisTestBroker.add(stream, [[("late", Array("yes".utf8))]], address: server.hostPort, options: ["--protocol", "2"])
        let followed = try await follow
        #expect(followed.exitCode == 0, "stderr: \(followed.standardError)")
        #expect(try followed.lines.map { try TailedEntry(line: $0).id } == late)
    }
}
