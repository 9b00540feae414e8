/// Bytes as nats-server 2.9.10 sends them, for the parser tests and the adapter tests alike.
public enum NATSServerBytes {
    /// The INFO line a JetStream-enabled server greets a client with.
    public static let info = #"INFO {"server_id":"NCVO","server_name":"NCVO","version":"2.9.10","proto":1,"go":"go1.19.8","host":"127.0.0.1","port":33187,"headers":true,"max_payload":1048576,"jetstream":true,"client_id":4,"client_ip":"127.0.0.1"} "# + "\r\n"

    /// An HMSG operation carrying `block` (a header block) and `payload`.
    public static func hmsg(_ subject: String, _ sid: Int, _ reply: String?, _ block: String, _ payload: String) -> String {
        let total = block.utf8.count + payload.utf8.count
        // The server writes two spaces where there is no reply subject.
        return "HMSG \(subject) \(sid) \(reply ?? "") \(block.utf8.count) \(total)\r\n\(block)\(payload)\r\n"
    }
}
