// A route's compiled hash_policy: the consistent-hash key from a header (or RPC header), a cookie or the source IP.
import type { HashPolicy } from "../config/router.ts"
import { requestVariable, type RouteRequest } from "./route-request.ts"

type KeySource =
  | { readonly kind: "header"; readonly name: string }
  | { readonly kind: "cookie"; readonly name: string }
  | { readonly kind: "source_ip" }

/** The IP of "ip:port" / "[v6]:port" (anything else as it is, e.g. "pipe"). */
export const sourceIp = (address: string): string => {
  if (address.startsWith("[")) {
    const close = address.indexOf("]")
    return close === -1 ? address : address.slice(1, close)
  }
  const colon = address.lastIndexOf(":")
  return colon === -1 || address.indexOf(":") !== colon ? address : address.slice(0, colon)
}

/** The value of cookie `name` in a Cookie header ("a=1; b=2"). */
export const cookieValue = (header: string, name: string): string | undefined => {
  for (const part of header.split(";")) {
    const eq = part.indexOf("=")
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/**
 * Entries are tried in order and the first that yields a value is the key (MOSN reads one policy;
 * a list lets a header fall back to the source IP). `header.key` may be an HTTP header, a routing key
 * of an RPC request (`service`, ...), or a MOSN variable (x-mosn-path, ...). No key: the
 * balancer picks any healthy host. Cookies are read, never set.
 */
export class CompiledHashPolicy {
  private readonly sources: ReadonlyArray<KeySource>
  constructor(config: ReadonlyArray<HashPolicy>) {
    this.sources = config.map((p): KeySource =>
      p.header !== undefined
        ? { kind: "header", name: p.header.key.toLowerCase() }
        : p.cookie !== undefined
        ? { kind: "cookie", name: p.cookie.name }
        : { kind: "source_ip" }
    )
  }

  key(req: RouteRequest, sourceAddress: string): string | undefined {
    for (const s of this.sources) {
      let v: string | undefined
      if (s.kind === "header") v = requestVariable(req, s.name)
      else if (s.kind === "cookie") {
        const c = req.header("cookie")
        v = c === undefined ? undefined : cookieValue(c, s.name)
      } else v = sourceIp(sourceAddress)
      if (v !== undefined) return v
    }
    return undefined
  }
}
