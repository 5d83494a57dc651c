// Header model helpers: a flat [name, value, ...] list with raw names, case-insensitive lookups.
import { stringEqualLower } from "./ascii.ts"

const lowerAscii = (s: string): string => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x41 && c <= 0x5a) return s.toLowerCase()
  }
  return s
}

/** Case-insensitive header-name compare (`lower` may be in any case; lower-case is fastest). */
export const headerNameEquals = (name: string, lower: string): boolean => stringEqualLower(name, lowerAscii(lower))

/** The first value of header `name`, or undefined. */
export const getHeader = (headers: ReadonlyArray<string>, name: string): string | undefined => {
  const lower = lowerAscii(name)
  for (let i = 0; i < headers.length; i += 2) {
    if (stringEqualLower(headers[i]!, lower)) return headers[i + 1]
  }
  return undefined
}

/** Every value of header `name`, in order. */
export const getHeaders = (headers: ReadonlyArray<string>, name: string): Array<string> => {
  const lower = lowerAscii(name)
  const out: Array<string> = []
  for (let i = 0; i < headers.length; i += 2) {
    if (stringEqualLower(headers[i]!, lower)) out.push(headers[i + 1]!)
  }
  return out
}

export const hasHeader = (headers: ReadonlyArray<string>, name: string): boolean => getHeader(headers, name) !== undefined

const rangeEqualLower = (s: string, start: number, lower: string): boolean => {
  for (let i = 0; i < lower.length; i++) {
    let c = s.charCodeAt(start + i)
    if (c >= 0x41 && c <= 0x5a) c |= 0x20
    if (c !== lower.charCodeAt(i)) return false
  }
  return true
}

/** True when `value`, a comma-separated list, holds `token` (case-insensitive, OWS trimmed). */
export const listHasToken = (value: string, lowerToken: string): boolean => {
  const n = value.length
  let i = 0
  while (i < n) {
    let c = value.charCodeAt(i)
    while (i < n && (c === 0x20 || c === 0x09 || c === 0x2c)) c = value.charCodeAt(++i)
    const start = i
    while (i < n && value.charCodeAt(i) !== 0x2c) i++
    let end = i
    while (end > start && (value.charCodeAt(end - 1) === 0x20 || value.charCodeAt(end - 1) === 0x09)) end--
    if (end - start === lowerToken.length && rangeEqualLower(value, start, lowerToken)) return true
  }
  return false
}

/** True when any `name` header lists `token`, e.g. `hasHeaderToken(h, "connection", "close")`. */
export const hasHeaderToken = (headers: ReadonlyArray<string>, name: string, token: string): boolean => {
  const lower = lowerAscii(name)
  const lowerToken = lowerAscii(token)
  for (let i = 0; i < headers.length; i += 2) {
    if (stringEqualLower(headers[i]!, lower) && listHasToken(headers[i + 1]!, lowerToken)) return true
  }
  return false
}

/** Hop-by-hop headers a proxy must not forward (RFC 9110 §7.6.1), by name. */
export const isHopByHop = (name: string): boolean => {
  switch (name.length) {
    case 2: return stringEqualLower(name, "te")
    case 7: return stringEqualLower(name, "trailer") || stringEqualLower(name, "upgrade")
    case 10: return stringEqualLower(name, "connection") || stringEqualLower(name, "keep-alive")
    case 17: return stringEqualLower(name, "transfer-encoding")
  }
  if (name.length <= 6) return false
  for (let i = 0; i < 6; i++) {
    let c = name.charCodeAt(i)
    if (c >= 0x41 && c <= 0x5a) c |= 0x20
    if (c !== PROXY_DASH.charCodeAt(i)) return false
  }
  return true
}
const PROXY_DASH = "proxy-"

/** Build a flat list from a record (array values repeat the name) or from [name, value] pairs. */
export const flatHeaders = (
  input: Readonly<Record<string, string | ReadonlyArray<string>>> | ReadonlyArray<readonly [string, string]>
): Array<string> => {
  const out: Array<string> = []
  if (Array.isArray(input)) {
    for (const [k, v] of input as ReadonlyArray<readonly [string, string]>) out.push(k, v)
    return out
  }
  for (const [k, v] of Object.entries(input as Record<string, string | ReadonlyArray<string>>)) {
    if (typeof v === "string") out.push(k, v)
    else for (const one of v) out.push(k, one)
  }
  return out
}

/** The flat list as [name, value] pairs. */
export const headerPairs = (headers: ReadonlyArray<string>): Array<[string, string]> => {
  const out: Array<[string, string]> = []
  for (let i = 0; i + 1 < headers.length; i += 2) out.push([headers[i]!, headers[i + 1]!])
  return out
}
