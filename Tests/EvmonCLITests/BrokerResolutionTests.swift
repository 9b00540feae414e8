import EvmonTestSupport
import Foundation
import Testing

@Suite struct BrokerResolutionTests {
    func firstLine(_ environment: [String: String], _ extra: [String] = []) throws -> String? {
        try EvmonProcess.run(["tail", "orders", "--from", "earliest", "--count", "1", "--format", "json"] + extra, environment: environment).lines.first
    }

    @Test func environmentThenConfigThenDefault() throws {
        let seeded = try firstLine([:], ["--broker", pinnedDemo])
        #expect(seeded != nil)
        #expect(try firstLine(["EVMON_BROKER": pinnedDemo]) == seeded)
        let folder = try configFolder("default: pinned\nprofiles:\n  pinned:\n    broker: \"\(pinnedDemo)\"\n")
        #expect(try firstLine(["XDG_CONFIG_HOME": folder]) == seeded)
        // The flag beats the environment, which beats the file.
        let other = "demo://?seed=8&start=1764115200000"
        #expect(try firstLine(["EVMON_BROKER": other], ["--broker", pinnedDemo]) == seeded)
        #expect(try firstLine(["EVMON_BROKER": pinnedDemo, "XDG_CONFIG_HOME": try configFolder("default: o\nprofiles:\n  o:\n    broker: \"\(other)\"\n")]) == seeded)
    }

    @Test func aBrokenConfigFileNamesTheFileAndLine() throws {
        let folder = try configFolder("default: local\nprofiles:\n  local:\n    brokr: demo://\n")
        let outcome = try evmon("topics", environment: ["XDG_CONFIG_HOME": folder])
        expectOneLineError(outcome, code: 2, mentioning: "config.yaml:4:5: unknown key 'brokr' in profile 'local'")
    }

    @Test func unparsableYAMLIsAUsageError() throws {
        let folder = try configFolder("default: [unclosed\n")
        let outcome = try evmon("topics", environment: ["XDG_CONFIG_HOME": folder])
        expectOneLineError(outcome, code: 2, mentioning: "config.yaml")
    }

    @Test func aDefaultProfileThatDoesNotExist() throws {
        let folder = try configFolder("default: prod\nprofiles:\n  local:\n    broker: demo://\n")
        expectOneLineError(try evmon("topics", environment: ["XDG_CONFIG_HOME": folder]), code: 2, mentioning: "default profile 'prod'")
    }
}
