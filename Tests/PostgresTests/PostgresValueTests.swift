import Foundation
import Postgres
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct PostgresValueTests {
    static let hostile = [
        "'; DROP TABLE tenant_admin_audit_log; --",
        "\\'; SELECT pg_sleep(10); --",
        "$1 $2 $$ $tag$ E'\\x41'",
        "\" OR \"1\"=\"1",
        "back\\slash and \\\\ double",
        "line\nbreak\r\ttab",
        "émoji 🚀 and ＵＮＩＣＯＤＥ \u{202E}rtl",
        "{\"a\",\"b\"}",
        "null",
        "",
    ]

    @Test func testParameters_whenStringsAreHostile_roundTripVerbatimAndExecuteNothing() async throws {
        try await ScratchDatabase.with { db in
            let back = try await db.registry.withTransaction(tenant: "t1") { tx in
                for s in Self.hostile {
                    try await tx.execute("""
                        INSERT INTO tenant_admin_audit_log (tenant_id, actor, action, target_type, target_id, details)
                        VALUES ('t1', 'a', 'x', 'y', $1, jsonb_build_object('v', $1::text))
                        """, [.text(s)])
                }
                return try await tx.query("SELECT target_id, details->>'v' AS v FROM tenant_admin_audit_log ORDER BY id")
                    .map { (try $0.decode("target_id", as: String.self), try $0.decode("v", as: String.self)) }
            }
            #expect(back.map(\.0) == Self.hostile)
            #expect(back.map(\.1) == Self.hostile)
            let tableStillThere = try await db.registry.withTransaction(tenant: "t1") { tx in
                try await tx.query("SELECT to_regclass('tenant_admin_audit_log') IS NOT NULL AS ok").single()
                    .decode("ok", as: Bool.self)
            }
            #expect(tableStillThere)
        }
    }

    @Test func testParameters_whenTextArrayHasQuotesAndBackslashes_roundTrips() async throws {
        try await ScratchDatabase.with { db in
            let scopes = ["read", "a\"b", "c\\d", "with,comma", "{brace}", " space ", "NULL", ""]
            let back = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.query("SELECT array_length($1::text[], 1) AS n, ($1::text[])[2] AS second, "
                                   + "($1::text[])[7] AS seventh, ($1::text[])[7] IS NULL AS seventh_null",
                                   [.textArray(scopes)]).single()
            }
            #expect(try back.decode("n", as: Int.self) == scopes.count)
            #expect(try back.decode("second", as: String.self) == "a\"b")
            #expect(try back.decode("seventh", as: String.self) == "NULL")
            #expect(try !back.decode("seventh_null", as: Bool.self))
        }
    }

    @Test func testParameters_whenStringContainsNUL_throwsBadRequestInsteadOfTruncating() async throws {
        try await ScratchDatabase.with { db in
            let error = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: nil) { tx in
                    _ = try await tx.query("SELECT $1::text", [.text("admin\u{0}ignored")])
                }
            }
            #expect(error?.code == .badRequest && error?.message.contains("$1") == true)
        }
    }

    @Test func testRows_whenDecodingEachSupportedType_returnsExactValues() async throws {
        try await ScratchDatabase.with { db in
            let allBytes = (0...255).map { UInt8($0) }
            let instant = Date(timeIntervalSince1970: 1_764_345_601.123456)
            let uuid = UUIDString.generate()
            let row = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.query("""
                    SELECT $1::text AS t, $2::integer AS i, $3::bigint AS b, $4::boolean AS yes, $5::bytea AS bytes,
                           $6::uuid AS u, $7::jsonb AS j, $8::timestamptz AS ts, NULL::text AS nothing,
                           $9::double precision AS d, '\\x'::bytea AS empty, $10::timestamptz AS old
                    """, [.text("hello"), .int(-42), .int(Int64.max), .bool(true), .bytes(allBytes), .uuid(uuid),
                          .jsonb(#"{"b": [1, 2], "a": "x"}"#), .timestamp(instant), .double(0.1),
                          .timestamp(Date(timeIntervalSince1970: -1_000_000_000.5))]).single()
            }
            #expect(try row.decode("t", as: String.self) == "hello")
            #expect(try row.decode("i", as: Int32.self) == -42)
            #expect(try row.decode("b", as: Int64.self) == Int64.max)
            #expect(try row.decode("yes", as: Bool.self))
            #expect(try row.decode("bytes", as: [UInt8].self) == allBytes)
            #expect(try row.decode("empty", as: [UInt8].self) == [])
            #expect(try row.decode("u", as: String.self) == uuid)
            #expect(try row.decode("j", as: String.self) == #"{"a": "x", "b": [1, 2]}"#)
            let ts = try row.decode("ts", as: Date.self)
            #expect(abs(ts.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
            let old = try row.decode("old", as: Date.self)
            #expect(abs(old.timeIntervalSince1970 - -1_000_000_000.5) < 0.000_001)
            #expect(try row.decode("nothing", as: String?.self) == nil)
            #expect(try row.decode("d", as: Double.self) == 0.1)
            #expect(throws: AppError.self) { try row.decode("nothing", as: String.self) }
            #expect(throws: AppError.self) { try row.decode("no_such_column", as: String.self) }
        }
    }

    @Test func testTimestamp_whenServerUsesAnotherOffset_parsesToTheSameInstant() async throws {
        try await ScratchDatabase.with { db in
            let row = try await db.registry.withTransaction(tenant: nil) { tx in
                try await tx.execute("SET LOCAL TimeZone = 'Asia/Kolkata'")
                return try await tx.query("SELECT '2026-11-28 12:00:00.5+00'::timestamptz AS ts, "
                                          + "'2026-11-28 12:00:00.5+00'::timestamptz::text AS raw").single()
            }
            #expect(try row.decode("raw", as: String.self) == "2026-11-28 17:30:00.5+05:30")
            let expected = Date(timeIntervalSince1970: 1_795_867_200.5)  // 2026-11-28T12:00:00.5Z
            #expect(try row.decode("ts", as: Date.self) == expected)
        }
    }

    @Test func testUniqueViolation_whenInsertingDuplicate_mapsToConflictNamingTheConstraint() async throws {
        try await ScratchDatabase.with { db in
            let (registryID, versionID) = try await TenantFixture.publish(db)
            _ = try await TenantFixture.seed(db, tenant: "t1", registryID: registryID, versionID: versionID)
            let error = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: "t1") { tx in
                    try await tx.execute("""
                        INSERT INTO tenant_extension_install (tenant_id, registry_id, version_id, installed_by)
                        VALUES ('t1', $1, $2, 'admin')
                        """, [.uuid(registryID), .uuid(versionID)])
                }
            }
            #expect(error?.code == .conflict && error?.httpStatus == 409)
            #expect(error?.postgres?.constraint == "tenant_extension_install_tenant_registry_key")
            #expect(error?.message.contains("tenant_extension_install_tenant_registry_key") == true)
            #expect(error?.description.contains(registryID) == false, "row values must not appear in errors")
        }
    }

    @Test func testDataException_whenValueIsMalformed_mapsToBadRequest() async throws {
        try await ScratchDatabase.with { db in
            let error = await #expect(throws: AppError.self) {
                try await db.registry.withTransaction(tenant: nil) { tx in
                    _ = try await tx.query("SELECT $1::uuid", [.text("not-a-uuid")])
                }
            }
            #expect(error?.code == .badRequest)
            #expect(error?.message.contains("not-a-uuid") == false)
        }
    }
}
