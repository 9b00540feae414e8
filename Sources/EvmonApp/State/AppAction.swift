import EvmonPresentation
import EvmonModel
import EvmonTrace
import EvmonDeadLetters
import EvmonWatches

/// Everything that can happen to the model, named after what happened.
public enum AppAction: Sendable, Equatable {
    /// Time passed; due polls become effects.
    case clockTicked(at: Int64)
    /// The adapter's connection changed.
    case connectionChanged(ConnectionState)
    /// Topic metadata arrived (at time `at`).
    case topicsListed([TopicMetadata], at: Int64)
    /// Probed topics whose newest messages carry DLQ headers.
    case deadLetterTopicsDetected(Set<String>)
    /// A tail delivered records.
    case recordsFetched(RecordBatch)
    /// A tail reached the end of a partition.
    case partitionCaughtUp(TopicPartition)
    /// A tail gave up a partition (a corrupt batch, no progress, a deleted topic); the others
    /// keep streaming.
    case partitionFailed(TopicPartition, reason: String)
    /// Consumer-group offsets arrived (at time `at`).
    case lagPolled([ConsumerGroupSnapshot], at: Int64)
    /// The broker's own failing messages arrived (Redis pending entries delivered too often,
    /// NATS advisories' messages).
    case brokerDeadLettersPolled([BrokerDeadLetter])
    /// The adapter said what its dead-letter reports cannot see (`nil`: nothing).
    case deadLetterBlindSpotChecked(String?)
    /// A broker call failed; the message is for people.
    case brokerFailed(String)
    /// The user pressed a key.
    case keyPressed(Key)
    /// The host set up the view before starting (terminal size, read-only, time zone, theme).
    case viewConfigured(ViewState)
    /// The terminal changed size (cells).
    case terminalResized(width: Int, height: Int)
    /// A watch file was loaded and judged over what is buffered.
    case watchesLoaded(path: String, results: [WatchResult], topics: [String])
    /// A watch file could not be loaded; the message says where and why.
    case watchesFailed(path: String, error: String)
    /// The watches judged more messages or polls.
    case watchResultsUpdated([WatchResult])
    /// A message fetched on request (a watch's offender no longer buffered) to show in detail.
    case recordOpened(Record)
    /// The audit log's marks for this broker were read.
    case replayHistoryLoaded(ReplayHistory)
    /// Messages to replay that had left the buffers came back from the broker (those it no
    /// longer holds are missing): plan the request again with them.
    case replaySourcesFetched([Record], ReplayRequest)
    /// The value of a planned replay came back from `$EDITOR`: confirm it again.
    case replayEdited(ReplayPlan)
    /// One replay of a run ended (at time `at`).
    case replayFinished(DeadLetterID, ReplayOutcome, at: Int64)
    /// A replay run ended: every plan sent, cancelled, or stopped by an error (the audit log
    /// could not be written, so nothing more was sent).
    case replayRunEnded(cancelled: Bool, error: String?)
    /// The runtime has something to tell the user (a theme that failed to load, …).
    case noticePosted(String, isError: Bool)
    /// The paths starting with `prefix` (folders end in `/`), for Tab at the `:` prompt.
    case filesListed(prefix: String, paths: [String])
    /// A trace search read a batch: the messages that join, and where their topic stands.
    case traceSearched(searchID: Int, found: [TraceMatch], progress: TraceSearch.Progress)
    /// A trace search ended: read to the end of its window, or stopped by `error`.
    case traceSearchEnded(searchID: Int, error: String?)
    /// An export was written, found its file existing, or failed.
    case exportEnded(ExportOutcome)
}

/// Work the runtime must do for the model; its results come back as actions.
public enum Effect: Sendable, Equatable {
    /// List topics with partitions and offsets → `topicsListed`.
    case refreshTopics
    /// Poll every group's offsets → `lagPolled`.
    case pollLag
    /// Ask the broker which messages it knows to be failing → `brokerDeadLettersPolled`.
    case pollBrokerDeadLetters(minimumDeliveries: Int)
    /// Ask what the broker's dead-letter reports cannot see → `deadLetterBlindSpotChecked`.
    case checkDeadLetterBlindSpot
    /// (Re)start tailing these topics from `start`, replacing any tail they had → `recordsFetched`.
    case tail(topics: [String], from: StartPosition)
    /// Read the newest message of each partition and report the topics whose messages carry a
    /// DLQ convention's headers → `deadLetterTopicsDetected`.
    case probeDeadLetters([TopicPartition])
    /// Stop tailing these topics.
    case stopTailing(topics: [String])
    /// Load (or reload) a watch file → `watchesLoaded` / `watchesFailed`.
    case loadWatches(path: String)
    /// Judge the watches afresh over what is buffered now (after a seek re-reads topics).
    case rejudgeWatches
    /// Fetch one message → `recordOpened`.
    case fetchRecord(TopicPartition, Offset)
    /// Send these replays one after another, at most `perSecond` a second → `replayFinished`
    /// for each, then `replayRunEnded`.
    case replay([ReplayPlan], perSecond: Int)
    /// Fetch the messages of `request.ids` that are no longer buffered → `replaySourcesFetched`.
    case fetchForReplay(ReplayRequest)
    /// Stop the replay run after the message being sent now.
    case cancelReplays
    /// Open the plan's value in `$EDITOR` → `replayEdited`, or a notice when cancelled.
    case editReplay(ReplayPlan)
    /// Load and apply the named theme (or theme file); failures come back as `noticePosted`.
    case applyTheme(String)
    /// Put these bytes on the clipboard through the terminal (OSC 52); nothing comes back.
    case copyToClipboard([UInt8])
    /// List the files and folders whose path starts with this prefix (Tab at `:watches`) →
    /// `filesListed`.
    case listFiles(startingWith: String)
    /// Search the broker for a trace → `traceSearched` per batch, then `traceSearchEnded`.
    /// A new search replaces the one running.
    case searchTrace(searchID: Int, TraceSearch)
    /// Stop the trace search (Esc left the trace).
    case cancelTraceSearch
    /// Write messages to a file as tail's JSON lines → `exportEnded`.
    case export(ExportRequest)
}
