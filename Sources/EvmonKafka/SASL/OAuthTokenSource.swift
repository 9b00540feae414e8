import Foundation
import Synchronization

/// Where OAUTHBEARER tokens come from: a fixed token (`EVMON_KAFKA_OAUTH_TOKEN`), or a profile's
/// `token_command`, run again once most of its token's life has passed, so connections opened
/// later (and reconnections after the broker ends a session) present a fresh one.
package final class OAuthTokenSource: Sendable {
    private enum Origin {
        case fixed(String)
        case command(String)
    }

    private struct Cached {
        var token: String
        var refreshAfter: ContinuousClock.Instant
    }

    /// Why a token command failed, in one line. The token itself is never in it.
    package struct CommandFailure: Error, CustomStringConvertible {
        var reason: String
        package var description: String { "token command failed: \(reason)" }
    }

    private let origin: Origin
    private let cached = Mutex<Cached?>(nil)
    /// How long the command may run.
    private let timeout: Duration
    /// The time, injectable so that tests need not wait for tokens to age.
    private let now: @Sendable () -> ContinuousClock.Instant
    /// A command that hangs must not hang evmon.
    static let commandTimeout: Duration = .seconds(30)
    /// Tokens whose lifetime evmon cannot read are used this long.
    static let unknownLifetime: Duration = .seconds(300)

    init(fixed token: String) {
        origin = .fixed(token)
        timeout = Self.commandTimeout
        now = { .now }
    }

    init(command: String, timeout: Duration = OAuthTokenSource.commandTimeout, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        origin = .command(command)
        self.timeout = timeout
        self.now = now
    }

    /// The token to present now.
    func token() async throws -> String {
        switch origin {
        case .fixed(let token):
            return token
        case .command(let command):
            let now = self.now()
            if let cached = cached.withLock({ $0 }), now < cached.refreshAfter { return cached.token }
            let printed = try await Self.run(command, timeout: timeout)
            let (token, lifetime) = try Self.parse(printed)
            // Refresh at 80 % of the lifetime: early enough for clock skew and a slow command.
            let refreshAfter = now + lifetime * 0.8
            self.cached.withLock { $0 = Cached(token: token, refreshAfter: refreshAfter) }
            return token
        }
    }

    /// What a token command prints: the token alone, or a JSON object with `access_token` (or
    /// `token`) and `expires_in` seconds, as OAuth token endpoints answer.
    package static func parse(_ printed: String, now: Date = Date()) throws -> (token: String, lifetime: Duration) {
        let text = printed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw CommandFailure(reason: "it printed nothing") }
        if text.hasPrefix("{"), let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
            guard let token = (object["access_token"] ?? object["token"]) as? String, !token.isEmpty else {
                throw CommandFailure(reason: "it printed JSON without access_token")
            }
            try checkCharacters(token)
            if let seconds = (object["expires_in"] as? NSNumber)?.doubleValue, seconds > 0 {
                return (token, lifetime(seconds: seconds))
            }
            return (token, lifetime(ofJWT: token, now: now) ?? unknownLifetime)
        }
        guard !text.contains(where: { $0.isWhitespace }) else { throw CommandFailure(reason: "it printed more than one word (expected a token)") }
        try checkCharacters(text)
        return (text, lifetime(ofJWT: text, now: now) ?? unknownLifetime)
    }

    /// RFC 6750's b64token: letters, digits, `-._~+/`, then `=` padding. Anything else would
    /// break the OAUTHBEARER message, whose fields are separated by control characters.
    static func checkCharacters(_ token: String) throws {
        let body = token.utf8.reversed().drop { $0 == UInt8(ascii: "=") }
        let allowed = body.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-._~+/".utf8.contains(byte)
        }
        guard allowed, !body.isEmpty else { throw CommandFailure(reason: "the token has characters a bearer token cannot have") }
    }

    /// A JWT's remaining life from its `exp` claim; nil for anything else.
    static func lifetime(ofJWT token: String, now: Date) -> Duration? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var payload = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        payload += String(repeating: "=", count: (4 - payload.count % 4) % 4)
        guard let data = Data(base64Encoded: payload),
            let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let expiry = (claims["exp"] as? NSNumber)?.doubleValue
        else { return nil }
        return lifetime(seconds: expiry - now.timeIntervalSince1970)
    }

    /// Seconds a token says it lives, as a duration: none when negative (or not a number), a
    /// year at most (`expires_in: 1e300` must not overflow, and a token that long is refreshed
    /// anyway).
    static func lifetime(seconds: Double) -> Duration {
        guard seconds > 0 else { return .zero }
        return .milliseconds(Int64(min(seconds, maximumLifetimeSeconds) * 1000))
    }

    static let maximumLifetimeSeconds: Double = 365 * 24 * 3600

    /// Runs `command` through `TokenCommand`, failing in one line when it fails.
    static func run(_ command: String, timeout: Duration = commandTimeout) async throws -> String {
        let outcome: TokenCommand.Outcome
        do {
            outcome = try await TokenCommand.run(command, timeout: timeout)
        } catch {
            throw CommandFailure(reason: "cannot start /bin/sh: \(error.localizedDescription)")
        }
        switch outcome {
        case .timedOut:
            let limit = timeout < .seconds(1) ? "\(timeout.components.attoseconds / 1_000_000_000_000_000) ms" : "\(timeout.components.seconds) s"
            throw CommandFailure(reason: "it did not finish within \(limit), so it was killed")
        case .finished(let exit, let printed, let complaints):
            guard exit.reason == .exit, exit.status == 0 else {
                let lastLine = String(decoding: complaints, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init)
                let status = exit.reason == .uncaughtSignal ? "it was stopped by signal \(exit.status)" : "it exited with status \(exit.status)"
                throw CommandFailure(reason: status + (lastLine.map { ": \($0)" } ?? ""))
            }
            return String(decoding: printed, as: UTF8.self)
        }
    }
}
