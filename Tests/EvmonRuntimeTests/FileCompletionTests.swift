@testable import EvmonRuntime
import EvmonTestSupport
import Foundation
import Testing

@Suite struct FileCompletionTests {
    @Test func entriesStartingWithTheLastComponentFoldersEndingInASlash() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write("orders.yaml", "")
        _ = try folder.write("other.yaml", "")
        _ = try folder.write("ops/inner.yaml", "")
        _ = try folder.write(".hidden.yaml", "")
        let base = folder.path + "/"
        #expect(FileCompletion.paths(startingWith: base + "o") == [base + "ops/", base + "orders.yaml", base + "other.yaml"])
        #expect(FileCompletion.paths(startingWith: base + "or") == [base + "orders.yaml"])
        #expect(FileCompletion.paths(startingWith: base) == [base + "ops/", base + "orders.yaml", base + "other.yaml"], "hidden ones only when asked")
        #expect(FileCompletion.paths(startingWith: base + ".h") == [base + ".hidden.yaml"])
        #expect(FileCompletion.paths(startingWith: base + "nothing/x").isEmpty)
    }

    @Test func aTildeIsTheHomeFolderAndStaysAsTyped() throws {
        let home = try TemporaryFolder()
        _ = try home.write("watches.yaml", "")
        #expect(FileCompletion.paths(startingWith: "~/wat", home: home.path) == ["~/watches.yaml"])
    }
}
