// The one status-code table: gRPC codes, their names and what each means in Mosaic.

export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16
} as const

export type Code = (typeof Code)[keyof typeof Code]
export type CodeName = keyof typeof Code

/** What each code means when Mosaic returns it (documented catalogue, Fastify-style). */
export const codeMeaning: Readonly<Record<CodeName, string>> = {
  OK: "the call succeeded",
  CANCELLED: "the client cancelled the call, or the upstream answered HTTP 408",
  UNKNOWN: "an error without a better code; the upstream answered HTTP 500 or an unlisted status",
  INVALID_ARGUMENT: "the request is malformed (bad payload for the channel, bad metadata value)",
  DEADLINE_EXCEEDED: "the deadline passed: waiting for a pooled connection, or for the upstream's answer (HTTP 504 too)",
  NOT_FOUND: "no route or service for the request (HTTP 404 from the upstream or a hijack reply)",
  ALREADY_EXISTS: "the upstream answered HTTP 409",
  PERMISSION_DENIED: "the upstream answered HTTP 403",
  RESOURCE_EXHAUSTED: "a limit rejected the call (HTTP 429, Bolt THREADPOOL_BUSY, Dubbo SERVER_THREADPOOL_EXHAUSTED)",
  FAILED_PRECONDITION: "the runtime is not in a state to serve (e.g. draining)",
  ABORTED: "the call was aborted by a conflict",
  OUT_OF_RANGE: "a value is out of range",
  UNIMPLEMENTED: "the method or channel is not implemented (HTTP 501)",
  INTERNAL: "encoding failed, a remote serialization error (Bolt 9/17/18), HTTP 400 from the upstream",
  UNAVAILABLE: "the upstream is unreachable or its connection died; HTTP 502/503; retry may help",
  DATA_LOSS: "unrecoverable data loss",
  UNAUTHENTICATED: "the upstream answered HTTP 401"
}

const names = Object.fromEntries(Object.entries(Code).map(([k, v]) => [v, k])) as Record<number, CodeName>
export const codeName = (code: number): CodeName => names[code] ?? "UNKNOWN"

/** HTTP status -> gRPC code, as Dapr maps an HTTP app's answer. 2xx is OK. */
export const codeFromHttpStatus = (status: number): Code => {
  if (status >= 200 && status < 300) return Code.OK
  switch (status) {
    case 400: return Code.INTERNAL
    case 401: return Code.UNAUTHENTICATED
    case 403: return Code.PERMISSION_DENIED
    case 404: return Code.NOT_FOUND
    case 408: return Code.CANCELLED
    case 409: return Code.ALREADY_EXISTS
    case 429: return Code.RESOURCE_EXHAUSTED
    case 501: return Code.UNIMPLEMENTED
    case 502: return Code.UNAVAILABLE
    case 503: return Code.UNAVAILABLE
    case 504: return Code.DEADLINE_EXCEEDED
    default: return Code.UNKNOWN
  }
}
