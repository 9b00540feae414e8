import EvmonPresentation
import EvmonModel
import EvmonSchemas
import EvmonJSON
import EvmonDeadLetters
import EvmonWatches
import EvmonApp

/// The core's readers of message bytes: the JSON parser and paths, dead-letter headers and the
/// detail document, the terminal escaper, output formats (kcat strings and `-J` included) over
/// arbitrary records, timestamps, broker URLs, `--from` and stream filters, and the replay audit
/// log's lines.
enum CoreFuzzTargets {
    static let all = [
        FuzzTarget("json", run: json),
        FuzzTarget("dead-letters", run: deadLetters),
        FuzzTarget("record-output", run: recordOutput),
        FuzzTarget("command-line", run: commandLine),
        FuzzTarget("audit-log", run: auditLog),
    ]

    /// The validating walk and the parser agree; what parses pretty-prints.
    static func json(_ bytes: [UInt8]) {
        let parsed = try? JSONParser.parse(bytes)
        precondition(JSONParser.isValid(bytes) == (parsed != nil), "isValid and parse agree")
        _ = PrettyJSON.lines(for: bytes, maximumLines: 200)
        if let parsed { _ = parsed.compactText() }
        _ = try? JSONPath(parsing: String(decoding: bytes, as: UTF8.self))
    }

    /// A record built from the input: topic, key, then header name/value pairs, the value last.
    static func record(_ input: inout FuzzInput) -> Record {
        let topic = input.text()
        let timestamp = input.int64()
        let key = input.field()
        var headers: [Header] = []
        let count = Int(input.byte() % 8)
        for _ in 0..<count { headers.append(Header(name: input.text(), value: input.field())) }
        let value = input.rest()
        return Record(topic: topic, partition: Int(timestamp & 0xF), offset: .sequence(timestamp), timestamp: timestamp,
                      key: key.isEmpty ? nil : key, headers: headers, value: value)
    }

    static func deadLetters(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let record = record(&input)
        let recognizer = DeadLetterRecognizer.standard
        let entry = recognizer.entry(for: record, reference: RecordRef(topic: record.topic, partition: record.partition, arrival: 0))
        _ = recognizer.deadLetter(record)
        var output: [UInt8] = []
        DeadLetterJSON.appendLine(record, entry: entry, replayed: false, to: &output)
        precondition(JSONParser.isValid(Array(output.dropLast())), "dlq list --format json writes JSON")
        _ = DetailDocument(record: record, deadLetter: entry, unfoldsStackTraces: true)
        _ = ReasonFingerprint.of(entry.summary)
    }

    /// First field: a kcat format string; the rest: a record. Nothing escapes raw: no output
    /// byte below 0x20 except what the format itself wrote.
    static func recordOutput(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let format = input.text()
        let record = record(&input)
        var json: [UInt8] = []
        RecordFormat.json.append(record, to: &json)
        precondition(JSONParser.isValid(Array(json.dropLast())), "--format json writes JSON")
        var envelope: [UInt8] = []
        KcatEnvelope.appendLine(record, to: &envelope)
        precondition(JSONParser.isValid(Array(envelope.dropLast())), "-J writes JSON")
        var text: [UInt8] = []
        RecordFormat.text.append(record, to: &text)
        precondition(!text.dropLast().contains { $0 < 0x20 || $0 == 0x7F }, "--format text is one escaped line")
        if let kcat = try? RecordFormat(parsing: format) {
            var output: [UInt8] = []
            kcat.append(record, to: &output)
        }
        var escaped: [UInt8] = []
        TerminalText.append(bytes, to: &escaped)
        precondition(!escaped.contains { $0 < 0x20 || $0 == 0x7F }, "the escaper lets no control byte through")
        _ = Timestamps.iso8601(record.timestamp)
        _ = Timestamps.clockTime(record.timestamp, utcOffsetSeconds: Int(record.timestamp % 50_401))
        _ = Timestamps.age(from: record.timestamp, now: record.timestamp &* 3)
    }

    /// Broker URLs, `--from` and ISO-8601 times as a user types them. A URL that parses
    /// describes itself as a URL that parses to the same thing.
    static func commandLine(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let url = try? BrokerURL(parsing: text) {
            precondition((try? BrokerURL(parsing: url.description)) == url, "a URL's description reads back")
            _ = url.sharesCluster(with: url)
        }
        // A schema registry's URL (schema_registry=): what parses reads back from how it prints,
        // and has nothing in it that could end a line of the request it is sent in.
        if let endpoint = try? RegistryEndpoint(parsing: text, source: "fuzz", environment: [:]) {
            precondition((try? RegistryEndpoint(parsing: endpoint.displayURL, source: "fuzz", environment: [:])) == endpoint, "a registry URL reads back")
            precondition(!(endpoint.host + endpoint.basePath).unicodeScalars.contains { $0.value < 0x20 }, "a control character in a request line")
        }
        _ = try? StartPosition(parsing: text)
        _ = try? StartPosition(parsing: text, now: 1_764_115_200_000)
        // What the stream's `/` prompt takes (scopes, re:, !json; jq: only when typed, as jq
        // compiles on its own thread), judged over a record made of the same bytes.
        if !text.contains("jq:"), let filter = try? StreamFilter(parsing: text) {
            let record = Record(topic: "t", partition: 0, offset: .sequence(0), timestamp: 0, key: bytes, headers: [Header(name: text, value: bytes)], value: bytes)
            _ = filter.matches(record)
        }
        _ = Timestamps.parseISO8601(text)
        _ = try? WatchDuration.milliseconds(parsing: text)
    }

    static func auditLog(_ bytes: [UInt8]) {
        _ = ReplayHistory.parse(bytes, broker: "kafka://k:9092")
        _ = ReplayJournalEntry(jsonLine: bytes)
    }
}
