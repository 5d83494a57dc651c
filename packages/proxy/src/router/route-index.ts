// An index over a virtual host's routes (exact path, exact header value, literal path prefix) with first-match-wins order.
import { requestVariable, type RouteRequest } from "./route-request.ts"
import type { RouteRule } from "./route-rule.ts"

/** Below this many routes a plain scan is as fast as the index. */
export const INDEX_MIN_RULES = 16

/**
 * Each route is filed under the most selective thing every request it matches must have (see
 * `RouteRule.indexKey`), or in the scan list when nothing can be proven (unanchored regexes, regex-only
 * header rules, catch-alls). A request gathers the candidate lists for its path, its values of the
 * indexed headers and each indexed prefix of its path, then tests candidates in config order: the
 * first full match wins, exactly as a linear scan would.
 */
export class RouteIndex {
  private readonly rules: ReadonlyArray<RouteRule>
  private readonly byPath = new Map<string, Array<number>>()
  private readonly byHeader = new Map<string, Map<string, Array<number>>>()
  private readonly headerNames: Array<string> = []
  private readonly byPrefix = new Map<string, Array<number>>()
  /** Distinct indexed prefix lengths, ascending. */
  private readonly prefixLengths: Array<number> = []
  private readonly scan: Array<number> = []
  // scratch for one match (matching is synchronous, so one set is enough)
  private readonly lists: Array<ReadonlyArray<number>> = []
  private readonly heads: Array<number> = []

  constructor(rules: ReadonlyArray<RouteRule>) {
    this.rules = rules
    const push = <K>(m: Map<K, Array<number>>, k: K, i: number) => {
      const l = m.get(k)
      if (l === undefined) m.set(k, [i])
      else l.push(i)
    }
    rules.forEach((r, i) => {
      const key = r.indexKey
      if (key === undefined) this.scan.push(i)
      else if (key.kind === "path") push(this.byPath, key.value, i)
      else if (key.kind === "prefix") {
        push(this.byPrefix, key.value, i)
        if (!this.prefixLengths.includes(key.value.length)) this.prefixLengths.push(key.value.length)
      } else {
        let m = this.byHeader.get(key.name)
        if (m === undefined) {
          m = new Map()
          this.byHeader.set(key.name, m)
          this.headerNames.push(key.name)
        }
        push(m, key.value, i)
      }
    })
    this.prefixLengths.sort((a, b) => a - b)
  }

  match(req: RouteRequest): RouteRule | undefined {
    const lists = this.lists
    lists.length = 0
    if (this.scan.length > 0) lists.push(this.scan)
    const path = req.path
    if (this.byPath.size > 0) {
      const l = this.byPath.get(path)
      if (l !== undefined) lists.push(l)
    }
    for (let i = 0; i < this.headerNames.length; i++) {
      const name = this.headerNames[i]!
      const v = requestVariable(req, name)
      if (v === undefined) continue
      const l = this.byHeader.get(name)!.get(v)
      if (l !== undefined) lists.push(l)
    }
    for (let i = 0; i < this.prefixLengths.length; i++) {
      const n = this.prefixLengths[i]!
      if (n > path.length) break
      const l = this.byPrefix.get(path.length === n ? path : path.slice(0, n))
      if (l !== undefined) lists.push(l)
    }
    return this.first(req)
  }

  /** Merge the sorted candidate lists in rule order; the first rule that fully matches wins. */
  private first(req: RouteRequest): RouteRule | undefined {
    const lists = this.lists
    const k = lists.length
    if (k === 0) return undefined
    const rules = this.rules
    if (k === 1) {
      const l = lists[0]!
      for (let i = 0; i < l.length; i++) if (rules[l[i]!]!.match(req)) return rules[l[i]!]
      return undefined
    }
    const heads = this.heads
    heads.length = k
    heads.fill(0)
    while (true) {
      let best = -1
      let bestRule = Number.MAX_SAFE_INTEGER
      for (let j = 0; j < k; j++) {
        const l = lists[j]!
        const h = heads[j]!
        if (h < l.length && l[h]! < bestRule) {
          bestRule = l[h]!
          best = j
        }
      }
      if (best === -1) return undefined
      heads[best]!++
      const rule = rules[bestRule]!
      if (rule.match(req)) return rule
    }
  }
}
