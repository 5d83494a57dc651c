// Tests: the streaming Bolt decoder (every split offset, many frames per chunk, tagged errors, limits).
import assert from "node:assert/strict";
import { test } from "node:test";
import { createBoltDecoder } from "./decoder.ts";
import type { BoltDecoder } from "./decoder.ts";
import { BoltError } from "./errors.ts";
import type { BoltDecoded } from "./types.ts";
import { boltFrames, boltV2Frames, toHex, vector } from "./vectors.fixture.ts";

const ALL = [...boltFrames(), ...boltV2Frames()];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Pushes the chunks and drains after each; returns the raw bytes of every frame, as hex. */
function run(dec: BoltDecoder, chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  for (const c of chunks) for (const d of dec.push(c)) out.push(toHex(d.raw));
  return out;
}

test("each frame split at every byte offset decodes the same", () => {
  for (const v of ALL) {
    for (let i = 0; i <= v.bytes.length; i++) {
      const dec = createBoltDecoder();
      const got = run(dec, [v.bytes.slice(0, i), v.bytes.slice(i)]);
      assert.deepEqual(got, [toHex(v.bytes)], `${v.name} split at ${i}`);
      assert.equal(dec.buffered, 0);
    }
  }
});

test("the concatenated stream split at every offset, byte by byte and in fixed chunks", () => {
  const stream = concat(ALL.map((v) => v.bytes));
  const want = ALL.map((v) => toHex(v.bytes));
  for (let i = 0; i <= stream.length; i += 1) {
    assert.deepEqual(run(createBoltDecoder(), [stream.slice(0, i), stream.slice(i)]), want, `split ${i}`);
  }
  const bytes = Array.from(stream, (b) => Uint8Array.of(b));
  assert.deepEqual(run(createBoltDecoder(), bytes), want);
  for (const size of [3, 7, 22, 64, 100, 333]) {
    const chunks: Uint8Array[] = [];
    for (let o = 0; o < stream.length; o += size) chunks.push(stream.slice(o, o + size));
    assert.deepEqual(run(createBoltDecoder(), chunks), want, `chunks of ${size}`);
  }
});

test("several frames in one chunk come out zero-copy, with decoded fields", () => {
  const stream = concat(ALL.map((v) => v.bytes));
  const dec = createBoltDecoder();
  const got: BoltDecoded[] = [...dec.push(stream)];
  assert.equal(got.length, ALL.length);
  for (const d of got) assert.equal(d.raw.buffer, stream.buffer);
  assert.deepEqual(
    got.map((d) => d.frame.requestId),
    [1, 1, 7, 7, 1, 1, 2, 2, 1, 1],
  );
  assert.equal(dec.read(), undefined);
});

test("a truncated frame is 'need more', not an error", () => {
  const dec = createBoltDecoder();
  assert.deepEqual(run(dec, [vector("SOFA err res first 96")]), []);
  assert.equal(dec.buffered, 96);
});

function expectReason(bytes: Uint8Array, reason: string, limits = {}): void {
  const dec = createBoltDecoder(limits);
  dec.push(bytes);
  assert.throws(() => {
    while (dec.read() !== undefined);
  }, (e: unknown) => e instanceof BoltError && e.reason === reason);
  // sticky until reset
  assert.throws(() => dec.read(), (e: unknown) => e instanceof BoltError && e.reason === reason);
  dec.reset();
  assert.equal(dec.buffered, 0);
  assert.equal(toHex(dec.push(vector("SOFA hb")).read()!.raw), toHex(vector("SOFA hb")));
}

test("tagged errors: garbage, wrong magic, unknown type/cmdcode", () => {
  expectReason(new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"), "UnknownProtocol");
  expectReason(Uint8Array.of(0xda, 0xbb), "UnknownProtocol");
  const hb = vector("SOFA hb");
  // a valid frame then garbage: the first frame still comes out
  const dec = createBoltDecoder();
  dec.push(concat([hb, Uint8Array.of(0x00)]));
  assert.ok(dec.read());
  assert.throws(() => dec.read(), (e: unknown) => e instanceof BoltError && e.reason === "UnknownProtocol");
  const badType = hb.slice();
  badType[1] = 7;
  expectReason(badType, "UnknownCmdType");
  const badCmd = hb.slice();
  badCmd[3] = 9;
  expectReason(badCmd, "UnknownCmdCode");
});

test("tagged errors: oversize frame and header, invalid header map, CRC", () => {
  const req = vector("SOFA req hessian3.0");
  expectReason(req, "FrameTooLarge", { maxFrameSize: 351 });
  assert.equal(run(createBoltDecoder({ maxFrameSize: 352 }), [req]).length, 1);
  // oversize is reported from the header alone, before the body arrives
  expectReason(req.subarray(0, 22), "FrameTooLarge", { maxFrameSize: 100 });
  const huge = req.slice(0, 22);
  huge[18] = 0xff;
  expectReason(huge, "FrameTooLarge");
  expectReason(req, "HeaderTooLarge", { maxHeaderSize: 85 });
  const badMap = req.slice();
  badMap[22 + 44 + 3] = 0xff; // key length 7 -> 255, past the header section
  expectReason(badMap, "HeaderMapInvalid");
  const v2 = boltV2Frames()[0]!.bytes.slice();
  v2[100]! ^= 0x80;
  expectReason(v2, "CrcMismatch");
});

test("a large frame in 1-byte chunks is buffered linearly (no regrowth per chunk)", () => {
  const body = 1 << 20;
  const req = vector("SOFA req hessian3.0").slice(0, 22);
  req[14] = 0;
  req[15] = 0;
  req[16] = 0;
  req[17] = 0;
  new DataView(req.buffer).setUint32(18, body);
  const frame = new Uint8Array(22 + body);
  frame.set(req);
  const dec = createBoltDecoder();
  const t = performance.now();
  let n = 0;
  for (let o = 0; o < frame.length; o += 16) for (const _ of dec.push(frame.subarray(o, o + 16))) n++;
  assert.equal(n, 1);
  assert.ok(performance.now() - t < 5000);
});
