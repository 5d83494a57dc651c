// request/response_headers_to_add/remove, compiled: route level first, then virtual host, then router config.
import type { HeaderOpsConfig, HeaderValueOption } from "../config/router.ts"
import type { HeaderMap } from "../stream/filter.ts"

interface Step {
  /** Lower-case names to drop. */
  readonly remove: ReadonlyArray<string>
  readonly add: ReadonlyArray<HeaderValueOption>
}

/**
 * A sequence of levels; at each level the removals happen first, then the additions (`append: false`
 * replaces every header of that name, `append: true` adds one more). Values are literal. Works on
 * flat `[name, value, ...]` arrays (HTTP/1), on maps (`applyToMap`) and on HeaderMaps (`applyTo`, RPC headers).
 */
export class HeaderOps {
  private readonly steps: ReadonlyArray<Step>
  readonly empty: boolean
  constructor(steps: ReadonlyArray<Step>) {
    this.steps = steps.filter((s) => s.remove.length > 0 || s.add.length > 0)
    this.empty = this.steps.length === 0
  }

  /** A new flat header list. */
  apply(headers: ReadonlyArray<string>): Array<string> {
    let out = headers.slice()
    for (const step of this.steps) {
      if (step.remove.length > 0) out = without(out, step.remove)
      for (const { header, append } of step.add) {
        if (!append) out = without(out, [header.key.toLowerCase()])
        out.push(header.key, header.value)
      }
    }
    return out
  }

  /** Apply to a map of single-valued headers (RPC header maps): an addition sets the value either way. */
  applyToMap(headers: Map<string, string>): void {
    for (const step of this.steps) {
      for (const name of step.remove) {
        for (const k of [...headers.keys()]) if (k.toLowerCase() === name) headers.delete(k)
      }
      for (const { header } of step.add) headers.set(header.key, header.value)
    }
  }

  /** Apply to a filter-side HeaderMap (RPC frames' headers): removals, then `add` (append) or `set`. */
  applyTo(headers: HeaderMap): void {
    for (const step of this.steps) {
      for (const name of step.remove) headers.del(name)
      for (const { header, append } of step.add) {
        if (append) headers.add(header.key, header.value)
        else headers.set(header.key, header.value)
      }
    }
  }
}

const without = (headers: ReadonlyArray<string>, lowerNames: ReadonlyArray<string>): Array<string> => {
  const out: Array<string> = []
  for (let i = 0; i < headers.length; i += 2) {
    if (!lowerNames.includes(headers[i]!.toLowerCase())) out.push(headers[i]!, headers[i + 1]!)
  }
  return out
}

/** The request and response operations of levels given most specific first (route, virtual host, router). */
export const compileHeaderOps = (levels: ReadonlyArray<HeaderOpsConfig | undefined>): { request: HeaderOps; response: HeaderOps } => {
  const present = levels.filter((l): l is HeaderOpsConfig => l !== undefined)
  return {
    request: new HeaderOps(present.map((l) => ({
      remove: l.request_headers_to_remove.map((n) => n.toLowerCase()),
      add: l.request_headers_to_add
    }))),
    response: new HeaderOps(present.map((l) => ({
      remove: l.response_headers_to_remove.map((n) => n.toLowerCase()),
      add: l.response_headers_to_add
    })))
  }
}
