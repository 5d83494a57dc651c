// Bolt response status codes (u16), their names, and the gRPC code mapping used by the runtime.

export const BoltStatus = {
  SUCCESS: 0x0000,
  ERROR: 0x0001,
  SERVER_EXCEPTION: 0x0002,
  UNKNOWN: 0x0003,
  SERVER_THREADPOOL_BUSY: 0x0004,
  ERROR_COMM: 0x0005,
  NO_PROCESSOR: 0x0006,
  TIMEOUT: 0x0007,
  CLIENT_SEND_ERROR: 0x0008,
  CODEC_EXCEPTION: 0x0009,
  CONNECTION_CLOSED: 0x0010,
  SERVER_SERIAL_EXCEPTION: 0x0011,
  SERVER_DESERIAL_EXCEPTION: 0x0012,
} as const;
export type BoltStatus = (typeof BoltStatus)[keyof typeof BoltStatus];

const NAMES = new Map<number, string>(Object.entries(BoltStatus).map(([k, v]) => [v, k]));

/** Name of a status code, or `UNKNOWN_STATUS_<n>` for codes not in the table. */
export function boltStatusName(status: number): string {
  return NAMES.get(status) ?? `UNKNOWN_STATUS_${status}`;
}

/** gRPC status codes used below (numbers, to stay dependency-free). */
const GRPC_OK = 0;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_INTERNAL = 13;
const GRPC_UNAVAILABLE = 14;

/**
 * Bolt status -> gRPC code, as Layotto's bolt `FromFrame`: SUCCESS -> OK, CODEC/SERIAL/DESERIAL (9/17/18)
 * -> INTERNAL, everything else -> UNAVAILABLE. One deliberate difference: TIMEOUT (7) -> DEADLINE_EXCEEDED,
 * unless `layottoStrict` is set (Layotto itself returns UNAVAILABLE for it).
 */
export function boltStatusToGrpc(status: number, layottoStrict = false): number {
  switch (status) {
    case BoltStatus.SUCCESS:
      return GRPC_OK;
    case BoltStatus.CODEC_EXCEPTION:
    case BoltStatus.SERVER_SERIAL_EXCEPTION:
    case BoltStatus.SERVER_DESERIAL_EXCEPTION:
      return GRPC_INTERNAL;
    case BoltStatus.TIMEOUT:
      return layottoStrict ? GRPC_UNAVAILABLE : GRPC_DEADLINE_EXCEEDED;
    default:
      return GRPC_UNAVAILABLE;
  }
}

/** Error text in Layotto's form: "bolt error code N, <Name>" for 9/17/18, else "bolt error code N". */
export function boltErrorMessage(status: number): string {
  const internal =
    status === BoltStatus.CODEC_EXCEPTION ||
    status === BoltStatus.SERVER_SERIAL_EXCEPTION ||
    status === BoltStatus.SERVER_DESERIAL_EXCEPTION;
  return internal ? `bolt error code ${status}, ${boltStatusName(status)}` : `bolt error code ${status}`;
}

/**
 * MOSN proxy result code -> Bolt status for hijack replies (MOSN bolt `Mapping`): 200 -> SUCCESS,
 * 404/502 -> NO_PROCESSOR, 503 -> SERVER_THREADPOOL_BUSY, 0 (codec) -> CODEC_EXCEPTION,
 * 3 (deserial) -> SERVER_DESERIAL_EXCEPTION, 504 -> TIMEOUT, 403 -> SERVER_EXCEPTION, else UNKNOWN.
 */
export function boltStatusFromProxyCode(code: number): number {
  switch (code) {
    case 200:
      return BoltStatus.SUCCESS;
    case 404:
    case 502:
      return BoltStatus.NO_PROCESSOR;
    case 503:
      return BoltStatus.SERVER_THREADPOOL_BUSY;
    case 0:
      return BoltStatus.CODEC_EXCEPTION;
    case 3:
      return BoltStatus.SERVER_DESERIAL_EXCEPTION;
    case 504:
      return BoltStatus.TIMEOUT;
    case 403:
      return BoltStatus.SERVER_EXCEPTION;
    default:
      return BoltStatus.UNKNOWN;
  }
}

/** Bolt status -> HTTP status (MOSN `mapping.go`): 0 -> 200, 4 -> 503, 7 -> 504, 0x10 -> 502, else 500. */
export function boltStatusToHttp(status: number): number {
  switch (status) {
    case BoltStatus.SUCCESS:
      return 200;
    case BoltStatus.SERVER_THREADPOOL_BUSY:
      return 503;
    case BoltStatus.TIMEOUT:
      return 504;
    case BoltStatus.CONNECTION_CLOSED:
      return 502;
    default:
      return 500;
  }
}
