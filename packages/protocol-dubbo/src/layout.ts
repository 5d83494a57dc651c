// Dubbo header layout: field offsets, integer helpers and the whole-frame length check.
import { DubboError } from "./errors.ts";
import { HEADER_LENGTH, MAGIC_HIGH, MAGIC_LOW } from "./types.ts";

export const FLAG_OFFSET = 2;
export const STATUS_OFFSET = 3;
export const ID_OFFSET = 4;
export const BODY_LENGTH_OFFSET = 12;

export function u32(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}
export function putU32(b: Uint8Array, p: number, v: number): void {
  b[p] = v >>> 24;
  b[p + 1] = v >>> 16;
  b[p + 2] = v >>> 8;
  b[p + 3] = v;
}

/**
 * Length of the frame at `b[off]` (16 + body length) without reading at or past `end`; 0 when more
 * bytes are needed. Throws BadMagic (decided from the first byte on) or BodyTooLarge.
 */
export function frameLength(b: Uint8Array, off: number, end: number, maxBodySize: number): number {
  const avail = end - off;
  if (avail < 1) return 0;
  if (b[off] !== MAGIC_HIGH || (avail > 1 && b[off + 1] !== MAGIC_LOW)) {
    throw new DubboError("BadMagic", `first bytes 0x${b[off].toString(16)}${avail > 1 ? b[off + 1].toString(16) : ""}`);
  }
  if (avail < HEADER_LENGTH) return 0;
  const bodyLen = u32(b, off + BODY_LENGTH_OFFSET);
  if (bodyLen > maxBodySize) throw new DubboError("BodyTooLarge", `body ${bodyLen} > ${maxBodySize}`);
  return HEADER_LENGTH + bodyLen;
}
