// Tests: the three-way matchers on every prefix of the goldens and on other protocols' first bytes.
import assert from "node:assert/strict"
import { test } from "node:test"
import { BUFFERED_ECHO_REQ, FRAMED_COMPACT_REQ, FRAMED_ECHO_REQ, hex, THEADER, TT_INFOS, TT_KITEX_PB, TT_STREAMING } from "./golden.fixture.ts"
import {
  matchBufferedThrift, matchFramedCompact, matchFramedThrift, matchKitex, matchKitexProtobuf, type MatchResult, matchTHeader,
  matchTTHeader, matchTTHeaderStreaming
} from "./matcher.ts"

const matchers = { matchTTHeader, matchTTHeaderStreaming, matchFramedThrift, matchKitexProtobuf, matchTHeader, matchBufferedThrift, matchFramedCompact }
type Name = keyof typeof matchers

/** Every prefix: "again" until `decideAt` bytes, then the final answer; never a different answer later. */
const prefixes = (b: Uint8Array, name: Name, want: MatchResult, decideAt: number) => {
  for (let n = 0; n <= b.length; n++) {
    const r = matchers[name](b.subarray(0, n))
    assert.equal(r, n < decideAt ? "again" : want, `${name} on ${n} bytes`)
  }
}

test("each framing matches its own bytes, deciding at byte 6 (8 for streaming, 4 for unframed)", () => {
  prefixes(hex(TT_INFOS), "matchTTHeader", "match", 6)
  prefixes(hex(TT_STREAMING), "matchTTHeaderStreaming", "match", 8)
  prefixes(hex(TT_INFOS), "matchTTHeaderStreaming", "no-match", 8)
  prefixes(hex(FRAMED_ECHO_REQ), "matchFramedThrift", "match", 6)
  prefixes(hex(TT_KITEX_PB).subarray(18), "matchKitexProtobuf", "match", 6)
  prefixes(hex(THEADER.pyReq), "matchTHeader", "match", 6)
  prefixes(hex(BUFFERED_ECHO_REQ), "matchBufferedThrift", "match", 4)
  prefixes(hex(FRAMED_COMPACT_REQ), "matchFramedCompact", "match", 6)
})

test("the matchers are mutually exclusive on every golden", () => {
  for (const g of [TT_INFOS, FRAMED_ECHO_REQ, THEADER.nodeReq, BUFFERED_ECHO_REQ, FRAMED_COMPACT_REQ, TT_KITEX_PB.slice(0)]) {
    const b = hex(g)
    const hits = (Object.keys(matchers) as Array<Name>).filter((k) => k !== "matchTTHeaderStreaming" && matchers[k](b) === "match")
    assert.equal(hits.length, 1, `${g.slice(0, 20)}: ${hits.join(",")}`)
    assert.equal(matchKitex(b), "match")
  }
})

test("other protocols are rejected early", () => {
  const text = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0))
  const others = {
    http1: text("GET / HTTP/1.1\r\n"),
    http2: text("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
    dubbo: hex("dabbc2000000000000000001000000ff"),
    boltV1: hex("010100010100000001 01 00000bb8 002c 0000 00000000"),
    boltV2: hex("02010100010100000001 01 00 00000bb8 002c 0000 00000000")
  }
  for (const [name, b] of Object.entries(others)) {
    assert.equal(matchKitex(b), "no-match", name)
    for (const m of Object.values(matchers)) assert.equal(m(b), "no-match", name)
    // Text is rejected on its first byte, before bytes 4..5 could be seen.
    if (name.startsWith("http")) assert.equal(matchKitex(b.subarray(0, 1)), "no-match", name)
  }
  // A 16 MiB+ TTHeader or framed length starting 0x01 is still the Thrift family, not Bolt.
  assert.equal(matchTTHeader(hex("01000010 1000 0000")), "match")
  assert.equal(matchFramedThrift(hex("01000010 8001 0001")), "match")
  // TTHeader's LENGTH is at most 0x3FFFFFFF; a framed length is a positive i32.
  assert.equal(matchTTHeader(hex("40")), "no-match")
  assert.equal(matchFramedThrift(hex("80")), "no-match")
  assert.equal(matchKitex(hex(THEADER.doubleLength)), "no-match")
})
