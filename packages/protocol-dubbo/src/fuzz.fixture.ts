// Test fixture (not shipped): the Dubbo fuzz target (streaming + one-shot decoder, byte-exact re-encoding, matcher), for fuzz.test.ts and `npm run fuzz`.
import { fuzzCheck, fuzzInput, matcherStable, randomChunks, toHex } from "@mosaic/bytes/testing";
import type { FuzzTarget, InputShape } from "@mosaic/bytes/testing";
import { decodeFrame } from "./decode-frame.ts";
import { createDubboDecoder } from "./decoder.ts";
import { encodeFrame } from "./encoder.ts";
import { DubboError } from "./errors.ts";
import { matchDubbo } from "./matcher.ts";
import { readRequestIdBig } from "./request-id.ts";
import type { DubboFrame } from "./types.ts";
import { dubboFrames } from "./vectors.fixture.ts";

const MAX_BODY = 200;
const LIMITS = { maxBodySize: MAX_BODY };

/** Where Dubbo's size field is: the u32 body length at 12..15. */
const SHAPE: InputShape = {
  smashLength(b, int) {
    const at = 12 + int(4);
    if (at < b.length) b[at] = [0, 0xff, 0x7f, 0x80, 1, int(256)][int(6)]!;
  },
  headerSpan: 16,
  dictionary: [[0xda, 0xbb], [0xda, 0xbb, 0xc2, 0x00], [0, 0, 0, 0], [0xff, 0xff, 0xff, 0xff], [0x4e]].map((a) => Uint8Array.from(a)),
};

const fields = (f: DubboFrame) => `${f.flag} ${f.status} ${f.requestId} ${toHex(f.body)}`;

/** A decoded frame re-encodes byte for byte (ids past 2^53 are refused by the encoder instead). */
const reencodes = (f: DubboFrame, raw: Uint8Array): void => {
  if (readRequestIdBig(raw) > BigInt(Number.MAX_SAFE_INTEGER)) {
    let refused = false;
    try {
      encodeFrame(f);
    } catch (e) {
      refused = e instanceof DubboError;
    }
    fuzzCheck(refused, "a request id past 2^53 was encoded");
    return;
  }
  fuzzCheck(toHex(encodeFrame(f)) === toHex(raw), () => `re-encoded ${toHex(encodeFrame(f))} != raw ${toHex(raw)}`);
};

/** Fresh per call: its own decoder and corpus. */
export const dubboFuzzTarget = (): FuzzTarget => {
  const corpus = dubboFrames().map((v) => v.bytes);
  const dec = createDubboDecoder(LIMITS);
  return {
    name: "dubbo",
    generate: (rnd) => fuzzInput(corpus, rnd, SHAPE),
    check(input, rnd) {
      matcherStable(matchDubbo, input, rnd, "matchDubbo");
      let one: DubboFrame | undefined;
      try {
        one = decodeFrame(input, LIMITS);
      } catch (e) {
        if (!(e instanceof DubboError)) throw e;
      }
      dec.reset();
      const frames: Array<string> = [];
      let failed = false;
      try {
        for (const chunk of randomChunks(input, rnd)) {
          for (const d of dec.push(chunk)) {
            fuzzCheck(d.frame.body.length <= MAX_BODY && d.raw.length === 16 + d.frame.body.length, `frame of ${d.raw.length} bytes`);
            frames.push(fields(d.frame));
            reencodes(d.frame, d.raw);
          }
          fuzzCheck(dec.buffered <= 16 + MAX_BODY, () => `buffered ${dec.buffered}`);
        }
      } catch (e) {
        if (!(e instanceof DubboError)) throw e;
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
