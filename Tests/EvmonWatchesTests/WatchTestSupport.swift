import EvmonTestSupport
import EvmonModel
import EvmonJSON
import EvmonWatches

/// Event times in tests count from here.
let t0: Int64 = 1_764_115_200_000

/// A record at `t0 + milliseconds`.
func message(
    _ topic: String = "orders", partition: Int = 0, offset: Int64, at milliseconds: Int64 = 0,
    key: String? = "k", _ value: String?, headers: [Header] = []
) -> Record {
    RecordFixtures.record(topic: topic, partition: partition, offset: offset, timestamp: t0 + milliseconds, key: key, value: value, headers: headers)
}

/// An engine over one watch.
func engine(_ watch: WatchDefinition, limits: WatchLimits = WatchLimits()) throws -> WatchEngine {
    try WatchEngine(watches: [watch], limits: limits)
}

/// The one watch's result.
func only(_ engine: WatchEngine) -> WatchResult { engine.results[0] }

func path(_ text: String) -> RecordSelector { .path(try! JSONPath(parsing: text)) }
