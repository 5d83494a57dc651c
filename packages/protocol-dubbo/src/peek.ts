// Cheap flag reads on raw Dubbo frame bytes (no decoding).
import { FLAG_OFFSET } from "./layout.ts";
import { FLAG_EVENT, FLAG_REQUEST, FLAG_TWOWAY, SERIALIZATION_MASK } from "./types.ts";

/** Flag byte, or -1 if `b` is shorter than 3 bytes. */
export function peekFlag(b: Uint8Array): number {
  return b.length > FLAG_OFFSET ? b[FLAG_OFFSET] : -1;
}

export function isRequestBytes(b: Uint8Array): boolean {
  const f = peekFlag(b);
  return f >= 0 && (f & FLAG_REQUEST) !== 0;
}

export function isTwoWayBytes(b: Uint8Array): boolean {
  const f = peekFlag(b);
  return f >= 0 && (f & FLAG_TWOWAY) !== 0;
}

export function isEventBytes(b: Uint8Array): boolean {
  const f = peekFlag(b);
  return f >= 0 && (f & FLAG_EVENT) !== 0;
}

/** Serialization id (low 5 bits of the flag), or -1. */
export function peekSerializationId(b: Uint8Array): number {
  const f = peekFlag(b);
  return f < 0 ? -1 : f & SERIALIZATION_MASK;
}
