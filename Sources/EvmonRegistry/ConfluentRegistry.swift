import EvmonBrokerKit
import EvmonJSON
import EvmonModel
import EvmonSchemas
import NIOCore

/// A schema registry's Confluent REST API (Confluent Schema Registry, Redpanda, Apicurio's
/// compatibility API, Karapace): the three routes evmon reads with.
public struct ConfluentRegistry: SchemaSource {
    public let endpoint: RegistryEndpoint
    private let timeout: TimeAmount

    public init(_ endpoint: RegistryEndpoint, timeout: TimeAmount = .seconds(10)) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    public var displayURL: String { endpoint.displayURL }

    public func schema(id: UInt32) async throws(RegistryError) -> RegisteredSchema {
        try RegistryAnswer.schema(try await get("schemas/ids/\(id)", missing: "the registry has no schema with this id"))
    }

    public func schema(subject: String, version: Int) async throws(RegistryError) -> RegisteredSchema {
        let path = "subjects/\(Self.pathSegment(subject))/versions/\(version)"
        do {
            return try RegistryAnswer.schema(try await get(path, missing: "the registry has no version \(version) of subject '\(subject)'"))
        } catch {
            throw RegistryError("its reference to '\(subject)' version \(version): \(error.reason)", transient: error.isTransient)
        }
    }

    public func filing(of id: UInt32) async -> (subject: String, version: Int)? {
        guard let answer = try? await get("schemas/ids/\(id)/versions", missing: "") else { return nil }
        return RegistryAnswer.firstFiling(answer)
    }

    /// The body of a 200 answer; anything else is an error that says what the registry said.
    private func get(_ path: String, missing: String) async throws(RegistryError) -> [UInt8] {
        let response: HTTPGet.Response
        do {
            response = try await HTTPGet.get(endpoint, path: path, timeout: timeout)
        } catch {
            throw RegistryError("schema registry \(displayURL) cannot be reached: \(NetworkErrorText.describe(error))", transient: true)
        }
        switch response.status {
        case 200: return response.body
        case 404: throw RegistryError(missing, transient: false)
        case 401, 403:
            throw RegistryError(
                "schema registry \(displayURL) refused evmon (HTTP \(response.status)): set EVMON_SCHEMA_REGISTRY_USER and EVMON_SCHEMA_REGISTRY_PASSWORD",
                transient: false)
        default:
            throw RegistryError(
                "schema registry \(displayURL) answered HTTP \(response.status)\(RegistryAnswer.message(response.body).map { ": " + $0 } ?? "")",
                transient: response.status >= 500 || response.status == 429)
        }
    }

    /// A subject in a URL path: percent-encoded except unreserved characters.
    static func pathSegment(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return output
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
