// One-shot Dubbo frame decoding (header fields + the body as a view).
import { DubboError } from "./errors.ts";
import { FLAG_OFFSET, ID_OFFSET, STATUS_OFFSET, frameLength, u32 } from "./layout.ts";
import { DEFAULT_MAX_BODY_SIZE, FLAG_EVENT, FLAG_REQUEST, FLAG_TWOWAY, HEADER_LENGTH, SERIALIZATION_MASK } from "./types.ts";
import type { DubboFrame, DubboLimits } from "./types.ts";

/** Decodes the frame in `b[off, off + total)`; `total` must come from frameLength. */
export function decodeFrameAt(b: Uint8Array, off: number, total: number): DubboFrame {
  const flag = b[off + FLAG_OFFSET];
  return {
    flag,
    status: b[off + STATUS_OFFSET],
    requestId: u32(b, off + ID_OFFSET) * 0x100000000 + u32(b, off + ID_OFFSET + 4),
    request: (flag & FLAG_REQUEST) !== 0,
    twoWay: (flag & FLAG_TWOWAY) !== 0,
    event: (flag & FLAG_EVENT) !== 0,
    serializationId: flag & SERIALIZATION_MASK,
    body: b.subarray(off + HEADER_LENGTH, off + total),
  };
}

/** Decodes exactly one whole frame; Truncated / TrailingBytes when `bytes` is not exactly one. */
export function decodeFrame(bytes: Uint8Array, limits?: DubboLimits): DubboFrame {
  const total = frameLength(bytes, 0, bytes.length, limits?.maxBodySize ?? DEFAULT_MAX_BODY_SIZE);
  if (total === 0 || total > bytes.length) {
    throw new DubboError("Truncated", `have ${bytes.length} bytes${total ? `, frame needs ${total}` : ""}`);
  }
  if (total < bytes.length) throw new DubboError("TrailingBytes", `frame is ${total} of ${bytes.length} bytes`);
  return decodeFrameAt(bytes, 0, total);
}
