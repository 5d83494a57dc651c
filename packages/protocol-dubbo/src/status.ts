// Dubbo response status byte values, their names, and the gRPC / MOSN proxy-code mappings.

export const DubboStatus = {
  OK: 20,
  CLIENT_TIMEOUT: 30,
  SERVER_TIMEOUT: 31,
  BAD_REQUEST: 40,
  BAD_RESPONSE: 50,
  SERVICE_NOT_FOUND: 60,
  SERVICE_ERROR: 70,
  SERVER_ERROR: 80,
  CLIENT_ERROR: 90,
  SERVER_THREADPOOL_EXHAUSTED_ERROR: 100,
} as const;
export type DubboStatus = (typeof DubboStatus)[keyof typeof DubboStatus];

const NAMES = new Map<number, string>(Object.entries(DubboStatus).map(([k, v]) => [v, k]));

/** Name of a status (Java constant name), or `UNKNOWN_STATUS_<n>`. */
export function dubboStatusName(status: number): string {
  return NAMES.get(status) ?? `UNKNOWN_STATUS_${status}`;
}

/**
 * Dubbo status -> gRPC code. Layotto maps every status but OK to UNAVAILABLE (14); here
 * CLIENT_TIMEOUT/SERVER_TIMEOUT map to DEADLINE_EXCEEDED (4) unless `layottoStrict` is set.
 */
export function dubboStatusToGrpc(status: number, layottoStrict = false): number {
  if (status === DubboStatus.OK) return 0;
  if (!layottoStrict && (status === DubboStatus.CLIENT_TIMEOUT || status === DubboStatus.SERVER_TIMEOUT)) return 4;
  return 14;
}

/** Layotto's error text: "dubbo error code N". */
export function dubboErrorMessage(status: number): string {
  return `dubbo error code ${status}`;
}

/**
 * MOSN proxy result code -> Dubbo status for hijack replies (`dubboMosnStatusMap`): 0/2/3/500 ->
 * SERVICE_ERROR, 200 -> OK, 403 -> SERVER_ERROR, 404/502 -> SERVICE_NOT_FOUND, 503/509 -> BAD_REQUEST,
 * 504 -> CLIENT_TIMEOUT; anything else -> SERVICE_ERROR.
 */
export function dubboStatusFromProxyCode(code: number): number {
  switch (code) {
    case 200:
      return DubboStatus.OK;
    case 403:
      return DubboStatus.SERVER_ERROR;
    case 404:
    case 502:
      return DubboStatus.SERVICE_NOT_FOUND;
    case 503:
    case 509:
      return DubboStatus.BAD_REQUEST;
    case 504:
      return DubboStatus.CLIENT_TIMEOUT;
    default:
      return DubboStatus.SERVICE_ERROR;
  }
}
