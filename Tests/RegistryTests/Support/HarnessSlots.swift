/// Bounds how many registries the tests run at once (each holds about seven database
/// connections and competes for the machine's two cores), so the whole test run stays well
/// inside the cluster's connection limit whatever else runs beside it.
actor HarnessSlots {
    static let shared = HarnessSlots(limit: 3)

    private let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            inUse -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
