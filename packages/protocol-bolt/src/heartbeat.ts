// Bolt heartbeat request / ack frames and heartbeat tests on decoded frames.
import { encodeRequest, encodeResponse } from "./encoder.ts";
import { CmdCode, CmdType } from "./types.ts";
import type { BoltFrame } from "./types.ts";

export interface HeartbeatOptions {
  /** Heartbeat timeout field in ms; default -1 as MOSN (sofa-bolt-node sends 3000). */
  timeout?: number;
  codec?: number;
  /** v2 only: CRC trailer. */
  crc?: boolean;
}

/** Heartbeat request: type REQUEST, cmdcode 0, no class/header/content. */
export function encodeHeartbeat(id: number, version: 1 | 2 = 1, opts: HeartbeatOptions = {}): Uint8Array {
  return encodeRequest({
    protocol: version,
    requestId: id,
    cmdCode: CmdCode.HEARTBEAT,
    timeout: opts.timeout ?? -1,
    codec: opts.codec ?? 1,
    crc: opts.crc ?? false,
  });
}

/** Heartbeat ack: type RESPONSE, cmdcode 0, status SUCCESS, empty. */
export function encodeHeartbeatAck(id: number, version: 1 | 2 = 1, opts: Omit<HeartbeatOptions, "timeout"> = {}): Uint8Array {
  return encodeResponse({
    protocol: version,
    requestId: id,
    cmdCode: CmdCode.HEARTBEAT,
    codec: opts.codec ?? 1,
    crc: opts.crc ?? false,
  });
}

/** Ack for a decoded heartbeat request, mirroring its version, ver1, switch and codec. */
export function heartbeatAckFor(hb: BoltFrame): Uint8Array {
  return encodeResponse({
    protocol: hb.protocol,
    ver1: hb.ver1,
    switchFlags: hb.switchFlags,
    ver2: hb.ver2,
    requestId: hb.requestId,
    codec: hb.codec,
    cmdCode: CmdCode.HEARTBEAT,
  });
}

export function isHeartbeat(f: BoltFrame): boolean {
  return f.cmdCode === CmdCode.HEARTBEAT;
}

export function isHeartbeatRequest(f: BoltFrame): boolean {
  return f.cmdCode === CmdCode.HEARTBEAT && f.type !== CmdType.RESPONSE;
}

export function isHeartbeatAck(f: BoltFrame): boolean {
  return f.cmdCode === CmdCode.HEARTBEAT && f.type === CmdType.RESPONSE;
}
