// Tests: the streaming Dubbo decoder (every split offset, many frames per chunk, tagged errors, limits).
import assert from "node:assert/strict";
import { test } from "node:test";
import { createDubboDecoder } from "./decoder.ts";
import type { DubboDecoder } from "./decoder.ts";
import { DubboError } from "./errors.ts";
import { dubboFrames, toHex, vector } from "./vectors.fixture.ts";

const ALL = dubboFrames();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function run(dec: DubboDecoder, chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  for (const c of chunks) for (const d of dec.push(c)) out.push(toHex(d.raw));
  return out;
}

test("each frame split at every byte offset decodes the same", () => {
  for (const v of ALL) {
    for (let i = 0; i <= v.bytes.length; i++) {
      const dec = createDubboDecoder();
      assert.deepEqual(run(dec, [v.bytes.slice(0, i), v.bytes.slice(i)]), [toHex(v.bytes)], `${v.name} at ${i}`);
      assert.equal(dec.buffered, 0);
    }
  }
});

test("the concatenated stream split at every offset, byte by byte and in fixed chunks", () => {
  const stream = concat(ALL.map((v) => v.bytes));
  const want = ALL.map((v) => toHex(v.bytes));
  for (let i = 0; i <= stream.length; i++) {
    assert.deepEqual(run(createDubboDecoder(), [stream.slice(0, i), stream.slice(i)]), want, `split ${i}`);
  }
  assert.deepEqual(run(createDubboDecoder(), Array.from(stream, (b) => Uint8Array.of(b))), want);
  for (const size of [2, 5, 16, 17, 100]) {
    const chunks: Uint8Array[] = [];
    for (let o = 0; o < stream.length; o += size) chunks.push(stream.slice(o, o + size));
    assert.deepEqual(run(createDubboDecoder(), chunks), want, `chunks of ${size}`);
  }
});

test("several frames in one chunk come out zero-copy", () => {
  const stream = concat(ALL.map((v) => v.bytes));
  const got = [...createDubboDecoder().push(stream)];
  assert.equal(got.length, ALL.length);
  for (const d of got) assert.equal(d.raw.buffer, stream.buffer);
  assert.deepEqual(got.map((d) => d.frame.requestId), [1, 1, 2, 2, 3, 1, 43, 43]);
});

function expectReason(bytes: Uint8Array, reason: string, maxBodySize?: number): void {
  const dec = createDubboDecoder(maxBodySize === undefined ? {} : { maxBodySize });
  dec.push(bytes);
  const isIt = (e: unknown) => e instanceof DubboError && e.reason === reason;
  assert.throws(() => {
    while (dec.read() !== undefined);
  }, isIt);
  assert.throws(() => dec.read(), isIt);
  dec.reset();
  assert.equal(dec.push(vector("DUBBO res")).read()!.frame.status, 20);
}

test("tagged errors: garbage, wrong magic (from the first bytes), oversize body", () => {
  expectReason(new TextEncoder().encode("GET / HTTP/1.1\r\n"), "BadMagic");
  expectReason(Uint8Array.of(0x01), "BadMagic");
  expectReason(Uint8Array.of(0xda, 0xbc), "BadMagic");
  const dec = createDubboDecoder();
  assert.equal(dec.push(Uint8Array.of(0xda)).read(), undefined); // one magic byte: need more
  // a valid frame then garbage: the frame still comes out first
  const two = concat([vector("DUBBO res"), Uint8Array.of(0xbb)]);
  const d = createDubboDecoder().push(two);
  assert.ok(d.read());
  assert.throws(() => d.read(), (e: unknown) => e instanceof DubboError && e.reason === "BadMagic");
  const req = vector("DUBBO dubbo2.js req");
  expectReason(req, "BodyTooLarge", 0xa6);
  assert.equal(run(createDubboDecoder({ maxBodySize: 0xa7 }), [req]).length, 1);
  expectReason(req.subarray(0, 16), "BodyTooLarge", 100); // decided from the header alone
  const huge = req.slice(0, 16);
  huge[12] = 0xff;
  expectReason(huge, "BodyTooLarge"); // default 8 MiB
});

test("a truncated frame is 'need more', not an error", () => {
  const dec = createDubboDecoder();
  assert.deepEqual(run(dec, [vector("DUBBO dubbo2.js req").subarray(0, 100)]), []);
  assert.equal(dec.buffered, 100);
});
