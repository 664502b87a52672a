@testable import Assets
import TestSupport
import Testing

@Suite(.ownThread) struct ByteRangeTests {
    @Test(arguments: [
        ("bytes=0-99", ByteRange.partial(offset: 0, length: 100)),
        ("bytes=100-", .partial(offset: 100, length: 900)),
        ("bytes=-10", .partial(offset: 990, length: 10)),
        ("bytes=-5000", .partial(offset: 0, length: 1000)),
        ("bytes=990-5000", .partial(offset: 990, length: 10)),
        ("Bytes = 5-5", .whole),
        ("bytes= 5-5 ", .partial(offset: 5, length: 1)),
        ("bytes=999-999", .partial(offset: 999, length: 1)),
    ])
    func testParse_whenSingleRange_selectsTheBytes(header: String, expected: ByteRange) {
        #expect(ByteRange(header: header, size: 1000) == expected)
    }

    @Test(arguments: ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
    func testParse_whenRangeStartsBeyondTheFile_isUnsatisfiable(header: String) {
        #expect(ByteRange(header: header, size: 1000) == .unsatisfiable)
    }

    @Test(arguments: ["items=0-1", "bytes=0-1,5-6", "bytes=a-b", "bytes=5-1", "bytes=-", "bytes=+1-2", "bytes=0x10-",
                      "bytes=99999999999999999999-", "bytes 0-1"])
    func testParse_whenHeaderIsUnusable_sendsTheWholeFile(header: String) {
        #expect(ByteRange(header: header, size: 1000) == .whole)
    }

    @Test func testParse_whenNoHeaderOrEmptyFile_sendsTheWholeFile() {
        #expect(ByteRange(header: nil, size: 10) == .whole)
        #expect(ByteRange(header: "bytes=0-0", size: 0) == .whole)
    }
}
