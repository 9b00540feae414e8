import EvmonModel

/// The CONNECT options evmon sends.
struct ConnectOptions: Encodable {
    var verbose = false
    var pedantic = false
    var headers = true
    var no_responders = true
    var `protocol` = 1
    var lang = "swift"
    var version = "1.0"
    var name = "evmon"
    var echo = true
    var user: String?
    var pass: String?
    var auth_token: String?

    init(credentials: NATSCredentials) {
        switch credentials {
        case .none: break
        case .userPassword(let user, let password):
            self.user = user
            pass = password
        case .token(let token):
            auth_token = token
        }
    }
}

/// Credentials from the environment (`EVMON_NATS_USER`/`EVMON_NATS_PASSWORD` or `EVMON_NATS_TOKEN`).
enum NATSCredentials: Sendable, Equatable {
    case none
    case userPassword(user: String, password: String)
    case token(String)

    static func fromEnvironment(_ environment: [String: String], url: String) throws(EvmonError) -> NATSCredentials {
        let user = environment["EVMON_NATS_USER"].flatMap { $0.isEmpty ? nil : $0 }
        let password = environment["EVMON_NATS_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        let token = environment["EVMON_NATS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        switch (user, password, token) {
        case (nil, nil, nil): return .none
        case (let user?, let password?, nil): return .userPassword(user: user, password: password)
        case (nil, nil, let token?): return .token(token)
        case (_, _, _?): throw .usage("\(url): set either EVMON_NATS_TOKEN or EVMON_NATS_USER and EVMON_NATS_PASSWORD, not both")
        default: throw .usage("\(url): EVMON_NATS_USER and EVMON_NATS_PASSWORD go together; set both")
        }
    }
}
