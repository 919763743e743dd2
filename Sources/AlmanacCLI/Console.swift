import Foundation

/// Where the CLI writes. stdout carries only requested data; everything else goes to stderr.
/// Tests swap in a buffer with `Console.$current.withValue`.
public final class Console: @unchecked Sendable {
    @TaskLocal public static var current = Console()

    private let lock = NSLock()
    private let capture: Bool
    private var outBuffer = ""
    private var errBuffer = ""
    /// Whether stderr is a terminal (progress lines and colour).
    public let isTerminal: Bool

    public init() {
        capture = false
        isTerminal = isatty(2) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// A console that records output instead of printing it.
    public static func buffered() -> Console { Console(capturing: true) }

    private init(capturing: Bool) {
        capture = capturing
        isTerminal = false
    }

    public func out(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        if capture { outBuffer += text + "\n" } else { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    }

    public func err(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        if capture { errBuffer += text + "\n" } else { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }

    /// Rewrites the current terminal line (a progress count); only on a terminal.
    public func progress(_ text: String) {
        guard isTerminal, !capture else { return }
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    public var stdout: String { lock.lock(); defer { lock.unlock() }; return outBuffer }
    public var stderr: String { lock.lock(); defer { lock.unlock() }; return errBuffer }
}
