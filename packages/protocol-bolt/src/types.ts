// Bolt frame model and wire constants (v1 proto 0x01, v2 proto 0x02).

/** Protocol code in byte 0. */
export const PROTOCOL_V1 = 0x01;
export const PROTOCOL_V2 = 0x02;

/** Command type (v1 byte 1, v2 byte 2). */
export const CmdType = { RESPONSE: 0, REQUEST: 1, ONEWAY: 2 } as const;
export type CmdType = (typeof CmdType)[keyof typeof CmdType];

/** Command code (u16). GOAWAY is a MOSN-only control code. */
export const CmdCode = { HEARTBEAT: 0, REQUEST: 1, RESPONSE: 2, GOAWAY: 100 } as const;
export type CmdCode = (typeof CmdCode)[keyof typeof CmdCode];

/** Serializer ids (codec byte). */
export const Codec = { HESSIAN2: 1, PROTOBUF: 11 } as const;

/** Fixed header lengths, without class/header/content (and without the v2 CRC trailer). */
export const V1_REQUEST_HEADER_LEN = 22;
export const V1_RESPONSE_HEADER_LEN = 20;
export const V2_REQUEST_HEADER_LEN = 24;
export const V2_RESPONSE_HEADER_LEN = 22;
export const CRC_LEN = 4;

/** v2 switch byte: bit 0 = CRC32 trailer (only honoured when ver1 == 2). */
export const SWITCH_CRC = 0x01;
/** v2 ver1 value that enables the CRC trailer. */
export const VER1_CRC = 2;

export const DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
export const DEFAULT_MAX_HEADER_SIZE = 0xffff * 2;

export const REQUEST_CLASS = "com.alipay.sofa.rpc.core.request.SofaRequest";
export const RESPONSE_CLASS = "com.alipay.sofa.rpc.core.response.SofaResponse";
export const SERVER_EXCEPTION_CLASS = "com.alipay.remoting.rpc.exception.RpcServerException";

/**
 * One decoded Bolt frame (request, oneway, response, heartbeat or ack); one flat shape for all kinds.
 * `timeout` is meaningful for requests only and `status` for responses only (0 otherwise).
 * For v1 frames `ver1` is 1 and `switchFlags` 0 (neither is on the wire).
 */
export interface BoltFrame {
  protocol: 1 | 2;
  ver1: number;
  type: number;
  cmdCode: number;
  ver2: number;
  requestId: number;
  codec: number;
  switchFlags: number;
  timeout: number;
  status: number;
  className: string;
  /** SOFA simple map, in wire order. Entries with a -1 (null) value are skipped. */
  headers: Map<string, string>;
  /** Content bytes as-is (a view into the frame bytes, not a copy). */
  content: Uint8Array;
}

/** What the streaming decoder yields: the frame plus its exact wire bytes (CRC trailer included). */
export interface BoltDecoded {
  frame: BoltFrame;
  raw: Uint8Array;
}

export interface BoltLimits {
  /** Largest whole frame in bytes (headers, class, header map, content, CRC). Default 16 MiB. */
  maxFrameSize?: number;
  /** Largest classLen + headerLen. Default 131070 (no extra limit beyond the u16 fields). */
  maxHeaderSize?: number;
}

/** True when the frame carries a CRC32 trailer (v2, ver1 == 2, switch bit 0). */
export function hasCrc(frame: Pick<BoltFrame, "protocol" | "ver1" | "switchFlags">): boolean {
  return frame.protocol === PROTOCOL_V2 && frame.ver1 === VER1_CRC && (frame.switchFlags & SWITCH_CRC) !== 0;
}
