import JQ
import Testing

@Suite struct JQTests {
    private func run(_ expression: String, on json: String) throws -> JQOutcome {
        let program = try JQProgram(compiling: expression)
        return JQThread.shared.perform { context in
            let input = JQValue.parse(Array(json.utf8), in: context)!
            defer { input.release(in: context) }
            return program.evaluate(input, in: context)
        }
    }

    @Test func truthinessFollowsJQ() throws {
        #expect(try run(".a == 1", on: #"{"a":1}"#) == .output(truthy: true, text: nil))
        #expect(try run(".a", on: #"{"a":false}"#) == .output(truthy: false, text: "false"))
        #expect(try run(".missing", on: "{}") == .output(truthy: false, text: "null"))
        #expect(try run(".a", on: #"{"a":0}"#) == .output(truthy: true, text: nil))
        #expect(try run("empty", on: "{}") == .empty)
    }

    @Test func aSyntaxErrorCarriesJQsMessage() {
        let error = #expect(throws: JQError.self) { try JQProgram(compiling: ".a ==") }
        #expect(error?.message.contains("syntax error") == true, "\(error?.message ?? "")")
        #expect(error?.expression == ".a ==")
    }

    @Test func aRuntimeErrorIsAnOutcomeNotACrash() throws {
        guard case .error(let message) = try run(".a.b", on: #"{"a":"text"}"#) else {
            Issue.record("expected an error")
            return
        }
        #expect(message.contains("Cannot index string"))
    }

    @Test func programsAreReusableAndSafeFromManyTasks() async throws {
        let program = try JQProgram(compiling: ".n * 2 == .m")
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                group.addTask {
                    JQThread.shared.perform { context in
                        (0..<200).allSatisfy { step in
                            let input = JQValue.parse(Array(#"{"n":\#(index * step),"m":\#(index * step * 2)}"#.utf8), in: context)!
                            defer { input.release(in: context) }
                            return program.evaluate(input, in: context) == .output(truthy: true, text: nil)
                        }
                    }
                }
            }
            for try await allTrue in group { #expect(allTrue) }
        }
    }

    @Test func nonJSONInputIsRefused() {
        let parsed = JQThread.shared.perform { context -> Bool in
            guard let value = JQValue.parse(Array("not json".utf8), in: context) else { return false }
            value.release(in: context)
            return true
        }
        #expect(!parsed)
    }
}

extension JQTests {
    @Test func errorsOfEveryShapeAndHaltsLeaveTheProgramUsable() throws {
        #expect(try run(#"error("boom")"#, on: "{}") == .error("boom"))
        guard case .error(let objectMessage) = try run(#"error({"code": 7})"#, on: "{}") else {
            Issue.record("expected an error")
            return
        }
        #expect(objectMessage.contains("7"))
        let program = try JQProgram(compiling: #"if .stop then halt_error else .ok end"#)
        let outcomes = JQThread.shared.perform { context in
            // Many halts in a row: jq 1.6 double-frees after a halt unless the wrapper repairs the state.
            ([#"{"stop":true}"#, #"{"ok":true}"#, #"{"stop":true}"#, #"{"ok":false}"#] + Array(repeating: #"{"stop":true}"#, count: 200)).map { json in
                let input = JQValue.parse(Array(json.utf8), in: context)!
                defer { input.release(in: context) }
                return program.evaluate(input, in: context)
            }
        }
        #expect(outcomes[0] == .error(#"the program halted: {"stop":true}"#))
        #expect(outcomes[1] == .output(truthy: true, text: nil))
        #expect(outcomes[2] == outcomes[0])
        #expect(outcomes[3] == .output(truthy: false, text: "false"))
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension JQTests {
    @Test func everyCallRunsOnTheOneJQThreadAndNestedCallsDoNotDeadlock() async {
        let threads = await withTaskGroup(of: pthread_t.self) { group in
            for _ in 0..<8 { group.addTask { JQThread.shared.perform { _ in JQThread.shared.perform { _ in pthread_self() } } } }
            var all: [pthread_t] = []
            for await thread in group { all.append(thread) }
            return all
        }
        #expect(threads.allSatisfy { pthread_equal($0, threads[0]) != 0 })
        #expect(pthread_equal(threads[0], pthread_self()) == 0)
    }
}
