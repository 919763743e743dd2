import Dispatch
import Foundation

/// The one parallel map of the pipeline: every stage that works item by item (files read,
/// checks run, pages rendered, search terms extracted) runs on all cores through here.
/// Results keep the input order, so output does not depend on scheduling.
public enum Parallel {
    /// `transform` over `items` on all cores, in order.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let box = Slots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { box.set($0, transform(items[$0])) }
        return box.values.map { $0! }
    }

    /// `transform` over `items` on all cores, in order; the first error by position is thrown.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) throws -> R) throws -> [R] {
        let box = Slots<Result<R, Error>>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            box.set(index, Result { try transform(items[index]) })
        }
        return try box.values.map { try $0!.get() }
    }

    /// `body` for every item on all cores; the first error by position is thrown.
    public static func each<T: Sendable>(_ items: [T], _ body: @Sendable (T) throws -> Void) throws {
        _ = try map(items, body)
    }

    /// Starts `work` on another thread, beside whatever the caller does next; `wait()` gives its
    /// result (or throws its error).
    public static func start<T: Sendable>(_ work: @escaping @Sendable () throws -> T) -> Pending<T> {
        let pending = Pending<T>()
        pending.group.enter()
        DispatchQueue.global(qos: .userInitiated).async {
            pending.result = Result { try work() }
            pending.group.leave()
        }
        return pending
    }

    /// Work started with `start`.
    public final class Pending<T: Sendable>: @unchecked Sendable {
        fileprivate let group = DispatchGroup()
        fileprivate var result: Result<T, Error>?

        public func wait() throws -> T {
            group.wait()
            return try result!.get()
        }
    }
}

/// Fixed-size storage that `concurrentPerform` workers write into.
private final class Slots<R>: @unchecked Sendable {
    private var storage: [R?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: R) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    var values: [R?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
