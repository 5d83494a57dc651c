// Test fixture (not shipped): the Bolt fuzz target (streaming + one-shot decoder, re-encoding, matcher), for fuzz.test.ts and `npm run fuzz`.
import { fuzzCheck, fuzzInput, matcherStable, randomChunks, toHex } from "@mosaic/bytes/testing";
import type { FuzzTarget, InputShape } from "@mosaic/bytes/testing";
import { decodeFrame } from "./decode-frame.ts";
import { createBoltDecoder } from "./decoder.ts";
import { encodeFrame } from "./encoder.ts";
import { BoltError } from "./errors.ts";
import { classLenOffset } from "./layout.ts";
import { matchBolt } from "./matcher.ts";
import type { BoltFrame } from "./types.ts";
import { boltFrames, boltV2Frames } from "./vectors.fixture.ts";

const MAX_FRAME = 400;
const LIMITS = { maxFrameSize: MAX_FRAME, maxHeaderSize: 200 };

/** Where Bolt's size fields are: class, header and content lengths after the fixed header. */
const SHAPE: InputShape = {
  smashLength(b, int) {
    const proto = b[0]!;
    const off = classLenOffset(proto, b[proto === 2 ? 2 : 1]!) + int(8);
    if (off < b.length) b[off] = [0, 0xff, 0x7f, 0x80, 1, int(256)][int(6)]!;
  },
  headerSpan: 24,
  dictionary: [[0, 0, 0, 0], [0xff, 0xff, 0xff, 0xff], [0x01, 0x01, 0x00, 0x01], [0x02, 0x02, 0x01, 0x00, 0x01], [0xff, 0xff, 0xff, 0xff, 0x00]].map((a) => Uint8Array.from(a)),
};

/** Everything the decoder reports, as one comparable value. */
const fields = (f: BoltFrame) =>
  JSON.stringify([f.protocol, f.ver1, f.type, f.cmdCode, f.ver2, f.requestId, f.codec, f.switchFlags, f.type === 0 ? f.status : f.timeout, f.className, [...f.headers], toHex(f.content)]);

/** A decoded frame re-encodes to bytes that decode to the same fields, and those bytes are a fixed point. */
const reencodes = (f: BoltFrame): void => {
  const once = encodeFrame(f);
  const again = decodeFrame(once);
  fuzzCheck(fields(again) === fields(f), () => `re-encoded frame differs: ${fields(f)} -> ${fields(again)}`);
  fuzzCheck(toHex(encodeFrame(again)) === toHex(once), "second re-encoding differs from the first");
};

/** Fresh per call: its own decoder and corpus. */
export const boltFuzzTarget = (): FuzzTarget => {
  const corpus = [...boltFrames(), ...boltV2Frames()].map((v) => v.bytes);
  const dec = createBoltDecoder(LIMITS);
  return {
    name: "bolt",
    generate: (rnd) => fuzzInput(corpus, rnd, SHAPE),
    check(input, rnd) {
      matcherStable(matchBolt, input, rnd, "matchBolt");
      let one: BoltFrame | undefined;
      try {
        one = decodeFrame(input, LIMITS);
      } catch (e) {
        if (!(e instanceof BoltError)) throw e;
      }
      dec.reset();
      const frames: Array<string> = [];
      let failed = false;
      try {
        for (const chunk of randomChunks(input, rnd)) {
          for (const d of dec.push(chunk)) {
            fuzzCheck(d.raw.length <= MAX_FRAME, `frame of ${d.raw.length} bytes`);
            frames.push(fields(d.frame));
            reencodes(d.frame);
          }
          fuzzCheck(dec.buffered <= MAX_FRAME, () => `buffered ${dec.buffered}`);
        }
      } catch (e) {
        if (!(e instanceof BoltError)) throw e;
        failed = true;
      }
      if (one !== undefined) {
        fuzzCheck(!failed && frames.length === 1 && dec.buffered === 0 && frames[0] === fields(one), "one-shot decode and the stream disagree");
      } else {
        fuzzCheck(failed || frames.length !== 1 || dec.buffered !== 0, "the stream read one whole frame the one-shot decoder refused");
      }
      return failed ? "rejected" : "accepted";
    },
  };
};
