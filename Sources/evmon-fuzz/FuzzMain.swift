import EvmonFuzzing

#if canImport(Glibc)
import Glibc
#endif

// Built two ways (see the Makefile's fuzz targets):
// - with `-sanitize=fuzzer,address -DEVMON_LIBFUZZER`, libFuzzer owns `main` and calls
//   `LLVMFuzzerTestOneInput` with the target that `EVMON_FUZZ_TARGET` names;
// - plainly, `evmon-fuzz TARGET FILE…` runs each file through the target once (a crash found
//   by libFuzzer, replayed under the debugger or a normal build).

/// A line on standard error.
private func complain(_ text: String) {
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}

/// The target `EVMON_FUZZ_TARGET` names, found once.
private let selectedTarget: FuzzTarget? = {
    guard let name = getenv("EVMON_FUZZ_TARGET").map({ String(cString: $0) }) else { return nil }
    return FuzzTargets.named(name)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let target = selectedTarget else {
        complain("evmon-fuzz: set EVMON_FUZZ_TARGET to one of: \(FuzzTargets.all.map(\.name).joined(separator: " "))\n")
        exit(2)
    }
    target.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if EVMON_LIBFUZZER
/// libFuzzer's driver, for a program whose `main` is not libFuzzer's own.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's `main` to `<module>_main`; here that hands over to libFuzzer.
@_cdecl("evmon_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
@main
struct FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTargets.named(name) else {
            complain("usage: evmon-fuzz TARGET FILE…  (targets: \(FuzzTargets.all.map(\.name).joined(separator: " ")))\n")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let file = fopen(path, "rb") else { complain("evmon-fuzz: cannot open \(path)\n"); exit(2) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = fread(&chunk, 1, chunk.count, file)
                if count <= 0 { break }
                bytes += chunk[..<count]
            }
            fclose(file)
            target.run(bytes)
        }
        print("\(arguments.count - 1) inputs ran through \(name)")
    }
}
#endif
