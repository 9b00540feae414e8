// swift-tools-version: 6.1
import PackageDescription

// The walls of docs/ARCHITECTURE.md are drawn here: the model, JSON, dead-letter, watch and app
// targets depend on nothing that does I/O, so they cannot import NIO or curses; brokers, the
// terminal and the CLI sit outside them.
let package = Package(
    name: "evmon",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "evmon", targets: ["evmon"]),
        .executable(name: "evmon-bench", targets: ["evmon-bench"]),
        .executable(name: "evmon-fuzz", targets: ["evmon-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // TLS on the NIO pipelines (BoringSSL inside), and HMAC/PBKDF2/Ed25519 for SCRAM and NKeys.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // libjq 1.6 from Debian's libjq-dev, seen through a module map.
        .systemLibrary(name: "CJQ", path: "Sources/CJQ", providers: [.apt(["libjq-dev", "libonig-dev"])]),
        // Compiled jq programs, all run on one dedicated thread (jq 1.6 is not thread-safe).
        .target(name: "JQ", dependencies: ["CJQ"]),
        // The walls below run one way: model ← JSON ← dead letters, watches ← app. Nothing in
        // them does I/O, so none can import NIO or curses.
        // Records, offsets and the BrokerAdapter seam every broker implements; clocks, errors,
        // untrusted-number arithmetic and the text helpers every output uses.
        .target(name: "EvmonModel", dependencies: [.product(name: "DequeModule", package: "swift-collections")]),
        // JSON values, the parser and paths, the JSON writer, and how a record prints (json, text, kcat).
        .target(name: "EvmonJSON", dependencies: ["EvmonModel"]),
        // Recognizing dead letters (conventions, reasons, fingerprints) and planning and journaling replays.
        .target(name: "EvmonDeadLetters", dependencies: ["EvmonModel", "EvmonJSON"]),
        .target(name: "EvmonTrace", dependencies: ["EvmonModel", "EvmonJSON"]),
        // Schema-aware values: Avro (schemas and binary data) decoded to JSON and encoded back,
        // JSON Schema validation. No I/O.
        .target(name: "EvmonSchemas", dependencies: ["EvmonModel", "EvmonJSON"]),
        // Assertion watches: definitions, evaluators, the engine, JUnit.
        .target(
            name: "EvmonWatches",
            dependencies: [
                "EvmonModel", "EvmonJSON", "EvmonSchemas", "JQ",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]),
        // What the screen makes of data before any state: a message's detail document, pretty
        // JSON, stream filters and their scopes, a message's coordinates as people read them,
        // styled text, keys and the prompt's line editing.
        .target(name: "EvmonPresentation", dependencies: ["EvmonModel", "EvmonJSON", "EvmonDeadLetters", "EvmonWatches", "EvmonSchemas", "JQ"]),
        // The monitor's state: AppState, actions, the reducer, the keymap and the views' models.
        .target(
            name: "EvmonApp",
            dependencies: [
                "EvmonModel", "EvmonPresentation", "EvmonJSON", "EvmonDeadLetters", "EvmonWatches", "EvmonTrace", "JQ",
                .product(name: "DequeModule", package: "swift-collections"),
            ]),
        // zlib, snappy, lz4 and zstd from Debian's -dev packages, for Kafka record batches.
        .systemLibrary(
            name: "CCompression", path: "Sources/CCompression",
            providers: [.apt(["zlib1g-dev", "libsnappy-dev", "liblz4-dev", "libzstd-dev"])]),
        // The Kafka protocol: encode and decode only, on ByteBuffer, into its own types (the
        // adapter maps them to the model). No sockets.
        .target(
            name: "KafkaWire",
            dependencies: ["CCompression", .product(name: "NIOCore", package: "swift-nio")]),
        // RESP2/RESP3 (Redis): encode and decode only, on ByteBuffer. No sockets.
        .target(name: "RedisWire", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        // The NATS client protocol: server-op parser, header blocks, client ops, ack subjects. No sockets.
        .target(name: "NATSWire", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        // What every broker adapter is built from: the socket and its TLS, connection status,
        // reconnect, progress guard.
        .target(
            name: "EvmonBrokerKit",
            dependencies: [
                "EvmonModel", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]),
        // One adapter per broker kind, each behind EvmonModel's BrokerAdapter seam.
        .target(
            name: "EvmonKafka",
            dependencies: [
                "EvmonModel", "EvmonBrokerKit", "KafkaWire", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "CryptoExtras", package: "swift-crypto"),
            ]),
        .target(
            name: "EvmonRedis",
            dependencies: [
                "EvmonModel", "EvmonJSON", "EvmonDeadLetters", "EvmonBrokerKit", "RedisWire", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]),
        .target(
            name: "EvmonNATS",
            dependencies: [
                "EvmonModel", "EvmonDeadLetters", "EvmonBrokerKit", "NATSWire", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // The demo broker and BrokerFactory, which opens the adapter a URL names.
        .target(
            name: "EvmonBrokers",
            dependencies: [
                "EvmonModel", "EvmonJSON", "EvmonSchemas", "EvmonBrokerKit", "EvmonKafka", "EvmonRedis", "EvmonNATS",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]),
        // A schema registry's REST API over HTTP(S), on the brokers' socket: schemas by id.
        .target(
            name: "EvmonRegistry",
            dependencies: [
                "EvmonModel", "EvmonJSON", "EvmonSchemas", "EvmonBrokerKit", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        // Files users write: the config file (and watch files, themes), parsed with Yams, errors at line:column.
        .target(
            name: "EvmonConfig",
            dependencies: ["EvmonModel", "EvmonDeadLetters", "EvmonWatches", "EvmonTrace", "EvmonUI", "EvmonSchemas", .product(name: "Yams", package: "Yams")]),
        // The command tree; `evmon` is only its entry point.
        .target(
            name: "EvmonCommands",
            dependencies: [
                "EvmonModel", "EvmonPresentation", "EvmonJSON", "EvmonDeadLetters", "EvmonWatches", "EvmonApp", "EvmonBrokers", "EvmonConfig",
                "EvmonRuntime", "EvmonTerminal", "EvmonTrace", "EvmonSchemas", "EvmonRegistry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]),
        // Pure rendering: AppState → ScreenGrid, layout, themes as roles → styles. No curses.
        .target(name: "EvmonUI", dependencies: ["EvmonModel", "EvmonPresentation", "EvmonDeadLetters", "EvmonWatches", "EvmonTrace", "EvmonApp"]),
        // libncursesw (Debian libncursesw5-dev) and a shim for the macros Swift cannot import. No
        // pkgConfig: ncursesw.pc only adds -D flags SwiftPM prohibits (the shim defines them).
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncursesw5-dev"])]),
        // The only curses code: one thread draws grid diffs and reads keys.
        .target(name: "EvmonTerminal", dependencies: ["EvmonUI", "EvmonModel", "EvmonPresentation", "EvmonApp", "CNCurses"]),
        // The running monitor: adapter events, keys and ticks → store → frames → the terminal.
        .target(
            name: "EvmonRuntime",
            dependencies: ["EvmonModel", "EvmonPresentation", "EvmonDeadLetters", "EvmonWatches", "EvmonTrace", "EvmonApp", "EvmonUI", "EvmonTerminal", "EvmonSchemas", "EvmonJSON"]),
        .executableTarget(name: "evmon", dependencies: ["EvmonCommands"]),
        .executableTarget(
            name: "evmon-bench",
            dependencies: [
                "EvmonModel", "EvmonPresentation", "EvmonJSON", "EvmonWatches", "EvmonApp", "EvmonBrokers", "EvmonUI", "EvmonRuntime", "EvmonSchemas",
                "EvmonRegistry", "JQ",
            ]),
        // One fuzz target per decoder family over untrusted bytes; `make fuzz` runs them under
        // libFuzzer, `make test` replays their corpora (EvmonFuzzTests).
        .target(
            name: "EvmonFuzzing",
            dependencies: [
                "EvmonModel", "EvmonPresentation", "EvmonJSON", "EvmonDeadLetters", "EvmonWatches", "EvmonApp", "EvmonConfig", "EvmonSchemas",
                "EvmonKafka", "EvmonRedis", "EvmonNATS", "KafkaWire", "RedisWire", "NATSWire", "EvmonTrace",
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        .executableTarget(name: "evmon-fuzz", dependencies: ["EvmonFuzzing"]),
        .target(name: "EvmonTestSupport", dependencies: ["EvmonModel", "EvmonApp"]),
        // Each test target tests the target its name says; integration suites talk to real brokers.
        .testTarget(name: "EvmonModelTests", dependencies: ["EvmonModel"]),
        .testTarget(name: "EvmonJSONTests", dependencies: ["EvmonJSON", "EvmonModel", "EvmonTestSupport"]),
        .testTarget(name: "EvmonDeadLettersTests", dependencies: ["EvmonDeadLetters", "EvmonModel", "EvmonTestSupport"]),
        .testTarget(name: "EvmonTraceTests", dependencies: ["EvmonTrace", "EvmonJSON", "EvmonModel"]),
        .testTarget(name: "EvmonSchemasTests", dependencies: ["EvmonSchemas", "EvmonJSON", "EvmonModel", "EvmonTestSupport"], exclude: ["scripts"]),
        .testTarget(name: "EvmonWatchesTests", dependencies: ["EvmonWatches", "EvmonJSON", "EvmonModel", "EvmonTestSupport", "JQ"]),
        .testTarget(name: "EvmonPresentationTests", dependencies: ["EvmonPresentation", "EvmonModel", "EvmonTestSupport"]),
        .testTarget(
            name: "EvmonAppTests",
            dependencies: ["EvmonApp", "EvmonWatches", "EvmonDeadLetters", "EvmonJSON", "EvmonModel", "EvmonPresentation", "EvmonTrace", "EvmonTestSupport"]),
        .testTarget(name: "EvmonConfigTests", dependencies: ["EvmonConfig", "EvmonUI", "EvmonModel", "EvmonDeadLetters", "EvmonWatches", "EvmonJSON", "EvmonTestSupport"]),
        .testTarget(
            name: "EvmonRuntimeTests",
            dependencies: ["EvmonRuntime", "EvmonBrokers", "EvmonApp", "EvmonWatches", "EvmonModel", "EvmonTestSupport"]),
        .testTarget(name: "EvmonFuzzTests", dependencies: ["EvmonFuzzing", "EvmonModel"], exclude: ["Corpus"]),
        .testTarget(
            name: "EvmonUITests",
            dependencies: [
                "EvmonUI", "EvmonRuntime", "EvmonConfig", "EvmonModel", "EvmonPresentation", "EvmonApp", "EvmonBrokers", "EvmonTrace", "EvmonSchemas",
                "EvmonTestSupport",
            ],
            exclude: ["Golden"]),
        .testTarget(
            name: "EvmonTerminalTests",
            dependencies: ["EvmonTerminal", "EvmonUI", "EvmonModel", "EvmonPresentation", "EvmonApp", "EvmonTestSupport", "CNCurses"]),
        // The real binary in tmux, and the tmux harness itself.
        .testTarget(name: "EvmonTUITests", dependencies: ["EvmonTestSupport", "evmon"]),
        .testTarget(name: "EvmonBrokerKitTests", dependencies: ["EvmonBrokerKit", "EvmonModel", "EvmonTestSupport"]),
        .testTarget(
            name: "EvmonBrokersTests",
            dependencies: ["EvmonBrokers", "EvmonModel", "EvmonDeadLetters", "EvmonApp", "EvmonTestSupport"]),
        .testTarget(
            name: "KafkaWireTests",
            dependencies: ["KafkaWire", "CCompression", "EvmonModel", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOTestUtils", package: "swift-nio")],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "EvmonKafkaTests",
            dependencies: ["EvmonKafka", "EvmonBrokerKit", "KafkaWire", "EvmonModel", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio")]),
        .testTarget(
            name: "KafkaIntegrationTests",
            dependencies: ["EvmonBrokers", "EvmonModel", "EvmonDeadLetters", "EvmonTestSupport"],
            exclude: ["scripts"]),
        .testTarget(
            name: "RedisWireTests", dependencies: ["RedisWire", "EvmonModel", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOTestUtils", package: "swift-nio")]),
        .testTarget(
            name: "EvmonRedisTests",
            dependencies: [
                "EvmonRedis", "EvmonBrokerKit", "RedisWire", "EvmonModel", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]),
        .testTarget(
            name: "RedisIntegrationTests",
            dependencies: ["EvmonBrokers", "EvmonModel", "EvmonTestSupport", "RedisWire"],
            exclude: ["scripts"]),
        .testTarget(
            name: "NATSWireTests",
            dependencies: ["NATSWire", "EvmonModel", "EvmonTestSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOTestUtils", package: "swift-nio")]),
        .testTarget(
            name: "EvmonNATSTests",
            dependencies: ["EvmonNATS", "EvmonBrokerKit", "NATSWire", "EvmonModel", "EvmonTestSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]),
        .testTarget(
            name: "NATSIntegrationTests",
            dependencies: ["EvmonBrokers", "EvmonNATS", "EvmonModel", "EvmonTestSupport"],
            exclude: ["scripts"]),
        .testTarget(
            name: "EvmonCLITests",
            dependencies: [
                "EvmonCommands", "EvmonConfig", "EvmonModel", "EvmonJSON", "EvmonDeadLetters", "EvmonWatches", "EvmonTestSupport",
                "evmon",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
