import HTTPCore
import ObjectStore
import Shared

/// Readiness of the bundle store: `ping()` succeeds.
public enum ObjectStoreCheck {
    public static func check(_ store: any ObjectStore) -> ReadinessCheck {
        ReadinessCheck("object_store") {
            do {
                try await store.ping()
                return nil
            } catch let error as AppError {
                return error.message
            } catch {
                return "object store unavailable"
            }
        }
    }
}

/// Readiness of a peer service or database: its port accepts TCP connections.
public enum PeerCheck {
    public static func check(_ name: String, host: String, port: Int) -> ReadinessCheck {
        ReadinessCheck(name) { await TCPProbe.check(host: host, port: port) }
    }
}
