import Foundation

// libFuzzer drives this executable (linked with `-sanitize=fuzzer`): it calls
// `LLVMFuzzerTestOneInput` once per input. One executable holds every target; the environment
// variable ALMANAC_FUZZ_TARGET picks the one to run (`make fuzz` runs them one after another).

/// The target this process runs, read once.
let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["ALMANAC_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget.all.first(where: { $0.name == name }) else {
        let names = FuzzTarget.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("almanac-fuzz: set ALMANAC_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerInitialize")
public func almanacFuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?,
                                  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    _ = selectedTarget
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func almanacFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}

// SwiftPM links an executable's `main` to `<module>_main` (so that tests can link executables),
// which takes the place of libFuzzer's own `main`; this one hands over to libFuzzer's driver,
// exactly as libFuzzer's `main` would.
@_extern(c, "LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("almanac_fuzz_main")
public func almanacFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, almanacFuzzTestOneInput)
}

/// One fuzz target: a name and what it does with the bytes of one input.
struct FuzzTarget: Sendable {
    let name: String
    let run: @Sendable (UnsafeBufferPointer<UInt8>) -> Void

    static let all: [FuzzTarget] = [
        FuzzTarget(name: "yaml") { YAMLTarget.run(inputText($0)) },
        FuzzTarget(name: "markdown") { MarkdownTarget.run(inputText($0)) },
        FuzzTarget(name: "adr") { ADRTarget.run(inputText($0)) },
        FuzzTarget(name: "runbook") { RunbookTarget.run(inputText($0)) },
        FuzzTarget(name: "ports") { PortsTarget.run(inputText($0)) },
        FuzzTarget(name: "tokenizer") { TokenizerTarget.run(inputText($0)) },
        FuzzTarget(name: "svg") { SVGTarget.run(inputText($0)) },
        FuzzTarget(name: "redaction") { RedactionTarget.run($0) },
    ]
}

/// The input as text. Invalid UTF-8 is repaired (U+FFFD), so every input is a string a file
/// could hold: the scanner reads files as UTF-8 and skips those that are not.
func inputText(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// Stops the run with a message when an invariant does not hold; libFuzzer records the input
/// as a crash.
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    guard !condition() else { return }
    FileHandle.standardError.write(Data("almanac-fuzz: invariant failed (\(file):\(line)): \(message())\n".utf8))
    abort()
}

/// Lines of a text as the source views count them: one more than its line feeds.
func lineCount(_ text: String) -> Int {
    text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
}

/// The lines of a text, split at line feeds only (a `"\r\n"` is one Character, so splitting the
/// String at `"\n"` would not split there).
func lineSlices(_ text: String) -> [Substring] {
    text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
}

/// The text with Windows line ends, when it has none of its own (nil otherwise): a checkout
/// with `core.autocrlf` must read the same.
func withCRLF(_ text: String) -> String? {
    guard !text.utf8.contains(UInt8(ascii: "\r")) else { return nil }
    return text.replacingOccurrences(of: "\n", with: "\r\n")
}
