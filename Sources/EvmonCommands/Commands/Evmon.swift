import ArgumentParser

/// The root command: `evmon <command>`.
struct Evmon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evmon",
        abstract: "A live event monitor for Kafka, Redis Streams, NATS JetStream and the embedded demo broker.",
        discussion: """
            Which broker: --broker URL, else EVMON_BROKER, else the default profile of
            $XDG_CONFIG_HOME/evmon/config.yaml, else demo:// (the embedded order-service demo).
            Exit codes: 0 done, 1 a check failed, 2 bad usage or input, 3 broker unreachable or broken.
            """,
        version: "0.1.0",
        subcommands: [
            InterfaceCommand.self, DemoCommand.self, TopicsCommand.self, TailCommand.self, LagCommand.self, DeadLetterCommand.self,
            CheckCommand.self, TraceCommand.self, ProduceCommand.self,
        ],
        defaultSubcommand: InterfaceCommand.self)
}
