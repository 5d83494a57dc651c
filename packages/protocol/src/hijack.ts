// Why a proxy answers a request itself, and the HTTP-like statuses of its phase machine mapped to those reasons.

/** Why the proxy answers a request itself (proxy error reasons plus a bad frame). */
export type HijackCode =
  | "NoRoute"
  | "UnknownCluster"
  | "NoHealthyHost"
  | "Overflow"
  | "ConnectFailed"
  | "UpstreamReset"
  | "Timeout"
  | "Draining"
  | "CodecError"

/** A route's direct_response status (HTTP) as a hijack code, for statuses that are not 2xx. */
export const hijackCodeOfHttpStatus = (status: number): HijackCode | undefined => {
  switch (status) {
    case 404: return "NoRoute"
    case 502: return "ConnectFailed"
    case 503: return "Overflow"
    case 504: return "Timeout"
    case 400: return "CodecError"
  }
  return undefined
}

/**
 * The hijack code of a phase-machine reply (an HTTP-like status and its reason): 404 no route; 502 connect
 * failed / upstream reset; 503 unknown cluster, no healthy host, draining, else overflow; 504 timeout; 400
 * bad frame. Undefined for any other status (a filter's own, 429, 500): the protocol maps the status itself.
 */
export const hijackCodeOf = (status: number, reason: string): HijackCode | undefined => {
  switch (status) {
    case 404: return "NoRoute"
    case 502: return reason.startsWith("upstream connect failed") ? "ConnectFailed" : "UpstreamReset"
    case 503:
      return reason === "unknown cluster" ? "UnknownCluster" : reason === "no healthy upstream host" ? "NoHealthyHost"
        : reason === "draining" ? "Draining" : "Overflow"
    case 504: return "Timeout"
    case 400: return "CodecError"
  }
  return undefined
}

/** The longest timer JavaScript runtimes keep (2^31 - 1 ms, ~24.8 days). */
const MAX_TIMER_MS = 2_147_483_647

/** A timeout header's value: whole milliseconds above 0; anything else (absent, "abc", "0", "-5", "1.5") is undefined. */
export const timeoutHeaderMs = (value: string | undefined): number | undefined => {
  if (value === undefined || value.length === 0 || value.length > 10) return undefined
  let n = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i) - 48
    if (c < 0 || c > 9) return undefined
    n = n * 10 + c
  }
  return n > 0 && n <= MAX_TIMER_MS ? n : undefined
}
