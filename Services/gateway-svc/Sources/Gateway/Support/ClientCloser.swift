import HTTPCore
import Postgres
import Shared

/// Closes the gateway's HTTP clients and database pool when the process shuts down; started
/// first, so it stops last, after everything that uses them.
struct ClientCloser: Service {
    let clients: [HTTPClient]
    let pool: PostgresPool?

    func run() async throws {
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
        for client in clients { await client.shutdown() }
        pool?.close()
    }
}
