import HTTPCore
import Synchronization

/// A resolver whose answer changes with each lookup (the last one repeats): what a DNS
/// rebinding attacker's name server does. A real implementation of the resolver protocol the
/// egress client takes, so the client's own checks run unchanged.
final class SequenceResolver: HTTPClientResolver {
    private let answers: [[HTTPClientAddress]]
    private let lookups = Mutex(0)

    init(_ answers: [[String]]) {
        self.answers = answers.map { $0.compactMap(HTTPClientAddress.init) }
    }

    var lookupCount: Int { lookups.withLock { $0 } }

    func resolve(host: String, port: Int) async throws -> [HTTPClientAddress] {
        let n = lookups.withLock { n in
            defer { n += 1 }
            return n
        }
        return answers[min(n, answers.count - 1)]
    }
}
