// Request-id access on raw Bolt frame bytes (MOSN fast path: rewrite the id, forward the bytes).
import { crc32 } from "./crc32.ts";
import { BoltError } from "./errors.ts";
import { checkU32 } from "./encoder.ts";
import { putU32, requestIdOffset, u32 } from "./layout.ts";
import { CRC_LEN, PROTOCOL_V1, PROTOCOL_V2, SWITCH_CRC, VER1_CRC } from "./types.ts";

/** Reads the u32 request id of a frame (offset 5 in v1, 6 in v2). */
export function readRequestId(frame: Uint8Array): number {
  const off = requestIdOffset(checkProto(frame));
  if (frame.length < off + 4) throw new BoltError("Truncated", "frame shorter than its request id");
  return u32(frame, off);
}

/**
 * Overwrites the request id in place. `frame` must be exactly one whole frame (e.g. a decoder's `raw`):
 * for v2 frames with the CRC trailer on, the CRC32 is recomputed over the whole frame (O(frame size)).
 */
export function writeRequestId(frame: Uint8Array, id: number): void {
  checkU32(id);
  const proto = checkProto(frame);
  const off = requestIdOffset(proto);
  if (frame.length < off + 4) throw new BoltError("Truncated", "frame shorter than its request id");
  putU32(frame, off, id);
  if (proto === PROTOCOL_V2 && frame.length >= 12 && frame[1] === VER1_CRC && (frame[11] & SWITCH_CRC) !== 0) {
    const end = frame.length - CRC_LEN;
    putU32(frame, end, crc32(frame, 0, end));
  }
}

function checkProto(frame: Uint8Array): number {
  const p = frame[0];
  if (p !== PROTOCOL_V1 && p !== PROTOCOL_V2) throw new BoltError("UnknownProtocol", `protocol code ${p}`);
  return p;
}
