// Request-id access on raw Dubbo frame bytes (u64 at offset 4), in place, for id rewriting proxies.
import { putId } from "./encoder.ts";
import { DubboError } from "./errors.ts";
import { ID_OFFSET, u32 } from "./layout.ts";
import { MAGIC_HIGH, MAGIC_LOW } from "./types.ts";

/** The id as a number (exact up to 2^53 - 1; see DubboFrame.requestId). */
export function readRequestId(frame: Uint8Array): number {
  check(frame);
  return u32(frame, ID_OFFSET) * 0x100000000 + u32(frame, ID_OFFSET + 4);
}

/** Overwrites all 8 id bytes in place; `id` must be a safe non-negative integer. */
export function writeRequestId(frame: Uint8Array, id: number): void {
  check(frame);
  putId(frame, id);
}

/** The exact u64 id. */
export function readRequestIdBig(frame: Uint8Array): bigint {
  check(frame);
  return (BigInt(u32(frame, ID_OFFSET)) << 32n) | BigInt(u32(frame, ID_OFFSET + 4));
}

/** Overwrites the id with an exact u64. */
export function writeRequestIdBig(frame: Uint8Array, id: bigint): void {
  check(frame);
  if (id < 0n || id > 0xffffffffffffffffn) throw new DubboError("InvalidField", `request id ${id}`);
  const hi = Number(id >> 32n);
  const lo = Number(id & 0xffffffffn);
  const v = new DataView(frame.buffer, frame.byteOffset + ID_OFFSET, 8);
  v.setUint32(0, hi);
  v.setUint32(4, lo);
}

function check(frame: Uint8Array): void {
  if (frame.length < 12) throw new DubboError("Truncated", "frame shorter than its request id");
  if (frame[0] !== MAGIC_HIGH || frame[1] !== MAGIC_LOW) throw new DubboError("BadMagic", "not a dubbo frame");
}
