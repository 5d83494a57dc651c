// The protocol-agnostic view of a request the router matches on (HTTP/1 headers, or a registered protocol's routing keys).

export interface RouteRequest {
  /** Request method (MOSN variable x-mosn-method); "" for protocols without one. */
  readonly method: string
  /** Path without the query string (x-mosn-path). */
  readonly path: string
  /** Query string without "?" (x-mosn-querystring); "" when none. */
  readonly query: string
  /** Host header or authority, port included when sent (x-mosn-host); "" when none. */
  readonly host: string
  /** First value of a header by lower-case name. */
  header(lowerName: string): string | undefined
}

/** MOSN request variables usable as header names in a route's header match. */
export const requestVariable = (req: RouteRequest, lowerName: string): string | undefined => {
  switch (lowerName) {
    case "x-mosn-method": return req.method
    case "x-mosn-path": return req.path
    case "x-mosn-host": return req.host
    case "x-mosn-querystring": return req.query
  }
  return req.header(lowerName)
}
