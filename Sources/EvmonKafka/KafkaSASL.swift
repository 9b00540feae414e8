/// SASL credentials for a Kafka connection (PLAIN only so far).
struct KafkaSASL: Sendable {
    var mechanism: String
    var username: String
    var password: String

    /// PLAIN's single message: authzid NUL authcid NUL password.
    var initialResponse: [UInt8] {
        [0] + Array(username.utf8) + [0] + Array(password.utf8)
    }
}
