// Test fixture (not shipped): fuzz targets for the TTHeader, THeader, framed, buffered and Kitex (mixed) decoders, for fuzz.test.ts and `npm run fuzz`.
import { fuzzCheck, fuzzInput, matcherStable, randomChunks, toHex } from "@mosaic/bytes/testing"
import type { FuzzOutcome, FuzzTarget, InputShape } from "@mosaic/bytes/testing"
import { createBufferedThriftDecoder } from "./buffered-thrift.ts"
import { decodeFrame } from "./decode-frame.ts"
import { createTTHeaderDecoder } from "./decoder.ts"
import { encodeFrame } from "./encoder.ts"
import { TTHeaderError } from "./errors.ts"
import { createFramedThriftDecoder, decodeFramedThrift } from "./framed-thrift.ts"
import {
  BUFFERED_ECHO_REQ, FRAMED_COMPACT_REQ, FRAMED_COMPACT_RES, FRAMED_ECHO_EXC, FRAMED_ECHO_REQ, FRAMED_ECHO_RES, hex, THEADER, ttGoldens
} from "./golden.fixture.ts"
import { createKitexDecoder } from "./kitex-decoder.ts"
import {
  matchBufferedThrift, matchFramedThrift, matchKitex, matchTHeader, matchTTHeader, type MatchResult
} from "./matcher.ts"
import { routingKeys } from "./routing.ts"
import type { StreamDecoder } from "./stream.ts"
import { createTHeaderDecoder, decodeTHeader, type THeaderFrame } from "./theader.ts"
import { encodeTHeader } from "./theader-encode.ts"
import { peekBinaryMessage } from "./thrift-message.ts"
import type { TTHeaderFrame } from "./types.ts"

const MAX_FRAME = 300
const LIMITS = { maxFrameSize: MAX_FRAME, maxHeaderSize: 128, maxInfoCount: 16 }

/** Where the size fields are: LENGTH (0..3), HEADER SIZE (12..13), info counts and string lengths after 14. */
const SHAPE: InputShape = {
  smashLength: (b, int) => {
    const at = [0, 1, 2, 3, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22][int(15)]!
    if (at < b.length) b[at] = [0, 0xff, 0x7f, 0x80, 0x10, 0x11, 1, int(256)][int(8)]!
  },
  headerSpan: 40,
  dictionary: [
    [0x10, 0x00], [0x0f, 0xff], [0x80, 0x01, 0x00, 0x01], [0x90, 0x01], [0x82, 0x21], [0x00, 0x00, 0x00, 0x00], [0x7f, 0xff, 0xff, 0xff],
    [0x01, 0x00, 0x01], [0x10, 0x00, 0x01], [0x11, 0x00, 0x01], [0x0c, 0x00, 0x01], [0x0f, 0x0c, 0x7f, 0xff, 0xff, 0xff], [0x0d, 0x0b, 0x0c, 0x7f, 0xff, 0xff, 0xff],
    [0x0b, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00], [0xff, 0xff, 0xff, 0xff, 0x0f]
  ].map((a) => Uint8Array.from(a))
}

const ttCorpus = (): Array<Uint8Array> => ttGoldens.map((g) => hex(g.hex))
const theaderCorpus = (): Array<Uint8Array> => Object.values(THEADER).map(hex)
const framedCorpus = (): Array<Uint8Array> =>
  [FRAMED_ECHO_REQ, FRAMED_ECHO_RES, FRAMED_ECHO_EXC, FRAMED_COMPACT_REQ, FRAMED_COMPACT_RES].map(hex).concat(hex(ttGoldens[4]!.hex).subarray(18))
const bufferedCorpus = (): Array<Uint8Array> => [hex(BUFFERED_ECHO_REQ), ...[FRAMED_ECHO_REQ, FRAMED_ECHO_RES, FRAMED_ECHO_EXC].map((h) => hex(h).subarray(4))]

const ttFields = (f: TTHeaderFrame): string =>
  JSON.stringify([f.seqId, f.flags, f.protocolId, f.transforms, [...f.intInfo], [...f.strInfo], f.token || undefined, toHex(f.payload)])

const thFields = (f: THeaderFrame): string => JSON.stringify([f.seqId, f.flags, f.protocolId, f.transforms, [...f.headers], toHex(f.payload)])

/** Re-encoding a decoded frame and decoding that gives the same fields (the encoder may refuse with a TTHeaderError). */
const roundTrips = <F>(f: F, encode: (f: F) => Uint8Array, decode: (b: Uint8Array) => F, show: (f: F) => string, what: string): void => {
  let bytes: Uint8Array
  try {
    bytes = encode(f)
  } catch (e) {
    if (e instanceof TTHeaderError) return
    throw e
  }
  const again = decode(bytes)
  fuzzCheck(show(again) === show(f), () => `${what} re-encoded differs: ${show(f)} -> ${show(again)}`)
}

const ttRoundTrip = (f: TTHeaderFrame): void => {
  roundTrips(f, (x) => encodeFrame({ ...x, token: x.token ?? "" }), (b) => decodeFrame(b), ttFields, "TTHeader")
  routingKeys(f)
}
const thRoundTrip = (f: THeaderFrame): void => roundTrips(f, (x) => encodeTHeader({ ...x }), (b) => decodeTHeader(b), thFields, "THeader")

/**
 * Pushes `input` in random chunks; `each` checks a frame and returns its comparable form. Buffering stays
 * under the frame limit; TTHeaderError is the only error allowed.
 */
const stream = <T>(dec: StreamDecoder<T>, input: Uint8Array, rnd: () => number, each: (d: T) => string) => {
  dec.reset()
  const frames: Array<string> = []
  let failed = false
  try {
    for (const chunk of randomChunks(input, rnd)) {
      for (const d of dec.push(chunk)) frames.push(each(d))
      fuzzCheck(dec.buffered <= MAX_FRAME, () => `buffered ${dec.buffered}`)
    }
  } catch (e) {
    if (!(e instanceof TTHeaderError)) throw e
    failed = true
  }
  return { frames, failed, outcome: (failed ? "rejected" : "accepted") as FuzzOutcome, whole: !failed && frames.length === 1 && dec.buffered === 0 }
}

/** The one-shot decoder's result for `input` (undefined = TTHeaderError), compared with the stream's. */
const agree = (oneShot: () => string, s: { frames: Array<string>; whole: boolean }): void => {
  let one: string | undefined
  try {
    one = oneShot()
  } catch (e) {
    if (!(e instanceof TTHeaderError)) throw e
  }
  if (one !== undefined) fuzzCheck(s.whole && s.frames[0] === one, "one-shot decode and the stream disagree")
  else fuzzCheck(!s.whole, "the stream read one whole frame the one-shot decoder refused")
}

const target = <T>(
  name: string, corpus: ReadonlyArray<Uint8Array>, make: () => StreamDecoder<T>, each: (d: T) => string,
  matcher: (b: Uint8Array) => MatchResult, oneShot?: (input: Uint8Array) => string
): FuzzTarget => {
  const dec = make()
  return {
    name,
    generate: (rnd) => fuzzInput(corpus, rnd, SHAPE),
    check(input, rnd) {
      matcherStable(matcher, input, rnd, name)
      const s = stream(dec, input, rnd, each)
      if (oneShot !== undefined) agree(() => oneShot(input), s)
      return s.outcome
    }
  }
}

const rawFits = (raw: Uint8Array): void => fuzzCheck(raw.length <= MAX_FRAME, () => `frame of ${raw.length} bytes`)

export const ttheaderFuzzTarget = (): FuzzTarget =>
  target("ttheader", ttCorpus(), () => createTTHeaderDecoder(LIMITS), (d) => {
    rawFits(d.raw)
    ttRoundTrip(d.frame)
    return ttFields(d.frame)
  }, matchTTHeader, (b) => ttFields(decodeFrame(b, LIMITS)))

export const theaderFuzzTarget = (): FuzzTarget =>
  target("theader", theaderCorpus(), () => createTHeaderDecoder(LIMITS), (d) => {
    rawFits(d.raw)
    thRoundTrip(d.frame)
    return thFields(d.frame)
  }, matchTHeader, (b) => thFields(decodeTHeader(b, LIMITS)))

export const framedThriftFuzzTarget = (): FuzzTarget =>
  target("framed-thrift", framedCorpus(), () => createFramedThriftDecoder(LIMITS), (d) => {
    rawFits(d.raw)
    fuzzCheck(d.payload.length + 4 === d.raw.length && d.payload.byteOffset === d.raw.byteOffset + 4, "payload is not the frame after its length")
    return `${toHex(d.raw)} ${JSON.stringify(d.message)}`
  }, matchFramedThrift, (b) => {
    const d = decodeFramedThrift(b, LIMITS)
    return `${toHex(d.raw)} ${JSON.stringify(d.message)}`
  })

export const bufferedThriftFuzzTarget = (): FuzzTarget =>
  target("buffered-thrift", bufferedCorpus(), () => createBufferedThriftDecoder(LIMITS), (d) => {
    rawFits(d.raw)
    fuzzCheck(d.message !== undefined && JSON.stringify(peekBinaryMessage(d.raw)) === JSON.stringify(d.message), "message head missing")
    return toHex(d.raw)
  }, matchBufferedThrift)

/** Every framing mixed on one stream; each frame also decodes alone with its own framing's one-shot decoder. */
export const kitexFuzzTarget = (): FuzzTarget =>
  target("kitex", [...ttCorpus(), ...theaderCorpus(), ...framedCorpus(), ...bufferedCorpus()], () => createKitexDecoder(LIMITS), (d) => {
    rawFits(d.raw)
    switch (d.kind) {
      case "ttheader":
        ttRoundTrip(d.frame)
        fuzzCheck(ttFields(decodeFrame(d.raw, LIMITS)) === ttFields(d.frame), "kitex and TTHeader decoders disagree")
        return ttFields(d.frame)
      case "theader":
        thRoundTrip(d.frame)
        fuzzCheck(thFields(decodeTHeader(d.raw, LIMITS)) === thFields(d.frame), "kitex and THeader decoders disagree")
        return thFields(d.frame)
      case "framed":
        fuzzCheck(JSON.stringify(decodeFramedThrift(d.raw, LIMITS).message) === JSON.stringify(d.message), "kitex and framed decoders disagree")
        return toHex(d.raw)
      case "buffered":
        fuzzCheck(d.message !== undefined, "buffered message head missing")
        return toHex(d.raw)
    }
  }, matchKitex)

export const ttheaderFuzzTargets = (): Array<FuzzTarget> =>
  [ttheaderFuzzTarget(), theaderFuzzTarget(), framedThriftFuzzTarget(), bufferedThriftFuzzTarget(), kitexFuzzTarget()]
