// Cheap field reads on raw Bolt frame bytes (no decoding): type, cmdcode, heartbeat/request tests.
import { headShift, u16 } from "./layout.ts";
import { CmdCode, CmdType } from "./types.ts";

/** Command type byte (RESPONSE/REQUEST/ONEWAY), or -1 if `b` is too short or not Bolt. */
export function peekCmdType(b: Uint8Array): number {
  const h = protoShift(b);
  return h < 0 || b.length < 2 + h ? -1 : b[1 + h];
}

/** Command code (u16), or -1 if `b` is too short or not Bolt. */
export function peekCmdCode(b: Uint8Array): number {
  const h = protoShift(b);
  return h < 0 || b.length < 4 + h ? -1 : u16(b, 2 + h);
}

/** Heartbeat request or heartbeat ack (cmdcode 0). */
export function isHeartbeatBytes(b: Uint8Array): boolean {
  return peekCmdCode(b) === CmdCode.HEARTBEAT;
}

/** Request or oneway (anything but a response). */
export function isRequestBytes(b: Uint8Array): boolean {
  const t = peekCmdType(b);
  return t === CmdType.REQUEST || t === CmdType.ONEWAY;
}

function protoShift(b: Uint8Array): number {
  return b.length === 0 || (b[0] !== 1 && b[0] !== 2) ? -1 : headShift(b[0]);
}
