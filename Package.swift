// swift-tools-version: 6.1
import PackageDescription

// The walls of docs/ARCHITECTURE.md are drawn here: EvmonCore depends on nothing that does I/O,
// so it cannot import NIO or curses; brokers and the CLI sit outside it.
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
    ],
    targets: [
        // libjq 1.6 from Debian's libjq-dev, seen through a module map.
        .systemLibrary(name: "CJQ", path: "Sources/CJQ", providers: [.apt(["libjq-dev", "libonig-dev"])]),
        // Compiled jq programs, all run on one dedicated thread (jq 1.6 is not thread-safe).
        .target(name: "JQ", dependencies: ["CJQ"]),
        // Pure model: records, buffers, lag, state, actions, reducer, formatting, watches. No I/O.
        .target(
            name: "EvmonCore",
            dependencies: [
                "JQ",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]),
        // zlib, snappy, lz4 and zstd from Debian's -dev packages, for Kafka record batches.
        .systemLibrary(
            name: "CCompression", path: "Sources/CCompression",
            providers: [.apt(["zlib1g-dev", "libsnappy-dev", "liblz4-dev", "libzstd-dev"])]),
        // The Kafka protocol: encode and decode only, on ByteBuffer. No sockets.
        .target(
            name: "KafkaWire",
            dependencies: ["EvmonCore", "CCompression", .product(name: "NIOCore", package: "swift-nio")]),
        // RESP2/RESP3 (Redis): encode and decode only, on ByteBuffer. No sockets.
        .target(name: "RedisWire", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        // The NATS client protocol: server-op parser, header blocks, client ops, ack subjects. No sockets.
        .target(name: "NATSWire", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        // Broker adapters (demo, Kafka, Redis, NATS) behind EvmonCore's BrokerAdapter seam.
        .target(
            name: "EvmonBrokers",
            dependencies: [
                "EvmonCore", "KafkaWire", "RedisWire", "NATSWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]),
        // Files users write: the config file (and watch files, themes), parsed with Yams, errors at line:column.
        .target(
            name: "EvmonConfig",
            dependencies: ["EvmonCore", "EvmonUI", .product(name: "Yams", package: "Yams")]),
        // The command tree; `evmon` is only its entry point.
        .target(
            name: "EvmonCommands",
            dependencies: [
                "EvmonCore", "EvmonBrokers", "EvmonConfig", "EvmonRuntime", "EvmonTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]),
        // Pure rendering: AppState → ScreenGrid, layout, themes as roles → styles. No curses.
        .target(name: "EvmonUI", dependencies: ["EvmonCore"]),
        // libncursesw (Debian libncursesw5-dev) and a shim for the macros Swift cannot import. No
        // pkgConfig: ncursesw.pc only adds -D flags SwiftPM prohibits (the shim defines them).
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncursesw5-dev"])]),
        // The only curses code: one thread draws grid diffs and reads keys.
        .target(name: "EvmonTerminal", dependencies: ["EvmonUI", "EvmonCore", "CNCurses"]),
        // The running monitor: adapter events, keys and ticks → store → frames → the terminal.
        .target(name: "EvmonRuntime", dependencies: ["EvmonCore", "EvmonUI", "EvmonTerminal"]),
        .executableTarget(name: "evmon", dependencies: ["EvmonCommands"]),
        .executableTarget(name: "evmon-bench", dependencies: ["EvmonCore", "EvmonBrokers", "EvmonUI", "EvmonRuntime", "JQ"]),
        // One fuzz target per decoder family over untrusted bytes; `make fuzz` runs them under
        // libFuzzer, `make test` replays their corpora (EvmonFuzzTests).
        .target(
            name: "EvmonFuzzing",
            dependencies: [
                "EvmonCore", "EvmonConfig", "EvmonBrokers", "KafkaWire", "RedisWire", "NATSWire",
                .product(name: "NIOCore", package: "swift-nio"),
            ]),
        .executableTarget(name: "evmon-fuzz", dependencies: ["EvmonFuzzing"]),
        .target(name: "EvmonTestSupport", dependencies: ["EvmonCore"]),
        .testTarget(name: "EvmonFuzzTests", dependencies: ["EvmonFuzzing", "EvmonCore"], exclude: ["Corpus"]),
        .testTarget(name: "EvmonCoreTests", dependencies: ["EvmonCore", "EvmonTestSupport", "JQ"]),
        .testTarget(
            name: "EvmonUITests",
            dependencies: ["EvmonUI", "EvmonRuntime", "EvmonConfig", "EvmonCore", "EvmonBrokers", "EvmonTestSupport"],
            exclude: ["Golden"]),
        .testTarget(
            name: "EvmonTerminalTests",
            dependencies: ["EvmonTerminal", "EvmonConfig", "EvmonUI", "EvmonCore", "EvmonTestSupport", "CNCurses"]),
        // The real binary in tmux.
        .testTarget(name: "EvmonTUITests", dependencies: ["EvmonTestSupport", "evmon"]),
        .testTarget(
            name: "EvmonBrokersTests",
            dependencies: ["EvmonBrokers", "EvmonCore", "EvmonTestSupport", "RedisWire", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(
            name: "KafkaWireTests",
            dependencies: [
                "KafkaWire", "CCompression", "EvmonBrokers", "EvmonCore",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "KafkaIntegrationTests",
            dependencies: ["EvmonBrokers", "EvmonCore", "EvmonTestSupport"],
            exclude: ["scripts"]),
        .testTarget(name: "RedisWireTests", dependencies: ["RedisWire", "EvmonCore", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(
            name: "RedisIntegrationTests",
            dependencies: ["EvmonBrokers", "EvmonCore", "EvmonTestSupport", "RedisWire"],
            exclude: ["scripts"]),
        .testTarget(
            name: "NATSWireTests",
            dependencies: [
                "NATSWire", "EvmonBrokers", "EvmonCore",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        .testTarget(
            name: "NATSIntegrationTests",
            dependencies: ["EvmonBrokers", "EvmonCore", "EvmonTestSupport"],
            exclude: ["scripts"]),
        .testTarget(
            name: "EvmonCLITests",
            dependencies: ["EvmonCommands", "EvmonConfig", "EvmonCore", "EvmonTestSupport", "evmon"]),
    ],
    swiftLanguageModes: [.v6]
)
