import EvmonJSON
import EvmonModel

/// What a registry's JSON answers mean. Untrusted like any broker answer: a member of the
/// wrong kind is an error naming it, never a crash.
public enum RegistryAnswer {
    /// `{"schema": TEXT, "schemaType": "AVRO"|"PROTOBUF"|"JSON", "references": [{name, subject, version}]}`;
    /// a missing `schemaType` is Avro, as the registry's own clients read it.
    public static func schema(_ body: [UInt8]) throws(RegistryError) -> RegisteredSchema {
        guard let json = try? JSONParser.parse(body), case .object = json else {
            throw RegistryError("the registry's answer is not a JSON object", transient: false)
        }
        guard case .string(let text)? = json[member: "schema"] else {
            throw RegistryError("the registry's answer has no \"schema\" text", transient: false)
        }
        var kind = SchemaLabel.Kind.avro
        if let type = json[member: "schemaType"] {
            guard case .string(let name) = type, let known = SchemaLabel.Kind(rawValue: name.uppercased()) else {
                throw RegistryError("the registry names an unknown schema type \(type.compactText())", transient: false)
            }
            kind = known
        }
        var references: [SchemaReference] = []
        if let list = json[member: "references"], list != .null {
            guard case .array(let items) = list else { throw RegistryError("the registry's \"references\" is not a list", transient: false) }
            for item in items {
                guard case .string(let name)? = item[member: "name"], case .string(let subject)? = item[member: "subject"],
                    case .number(let version)? = item[member: "version"], version >= 1, version <= 1e9, version == version.rounded()
                else { throw RegistryError("a reference without a name, subject and version: \(item.compactText())", transient: false) }
                references.append(SchemaReference(name: name, subject: subject, version: Int(version)))
            }
        }
        return RegisteredSchema(kind: kind, text: text, references: references)
    }

    /// The first `{subject, version}` of `GET /schemas/ids/{id}/versions`.
    public static func firstFiling(_ body: [UInt8]) -> (subject: String, version: Int)? {
        guard case .array(let items)? = try? JSONParser.parse(body) else { return nil }
        for item in items {
            if case .string(let subject)? = item[member: "subject"], case .number(let version)? = item[member: "version"],
                version >= 1, version <= 1e9, version == version.rounded() {
                return (subject, Int(version))
            }
        }
        return nil
    }

    /// An error answer's `message`, escaped for one line.
    public static func message(_ body: [UInt8]) -> String? {
        guard case .string(let message)? = (try? JSONParser.parse(body))?[member: "message"] else { return nil }
        return TerminalText.escaped(String(message.prefix(200)))
    }
}
