// The HeaderMap filters see over an HTTP/1 flat header list [name, value, ...]: copied on the first change.
import { getHeader } from "@mosaic/protocol-http1"
import type { HeaderMap } from "../stream/filter.ts"

export class FlatHeaders implements HeaderMap {
  /** The current list (the original array until something changes). */
  list: Array<string>
  private owned: boolean

  constructor(list: Array<string>, owned = false) {
    this.list = list
    this.owned = owned
  }

  get(name: string): string | undefined {
    return getHeader(this.list, name)
  }

  set(name: string, value: string): void {
    this.del(name)
    this.own().push(name, value)
  }

  add(name: string, value: string): void {
    this.own().push(name, value)
  }

  del(name: string): void {
    if (getHeader(this.list, name) === undefined) return
    const lower = name.toLowerCase()
    const out: Array<string> = []
    const l = this.list
    for (let i = 0; i < l.length; i += 2) if (l[i]!.toLowerCase() !== lower) out.push(l[i]!, l[i + 1]!)
    this.list = out
    this.owned = true
  }

  forEach(fn: (value: string, name: string) => void): void {
    const l = this.list
    for (let i = 0; i < l.length; i += 2) fn(l[i + 1]!, l[i]!)
  }

  private own(): Array<string> {
    if (!this.owned) {
      this.list = this.list.slice()
      this.owned = true
    }
    return this.list
  }
}

/** Flat pairs of a record, e.g. a filter's reply headers. */
export const recordToFlat = (headers: Readonly<Record<string, string>> | undefined): Array<string> => {
  const out: Array<string> = []
  if (headers !== undefined) for (const k in headers) out.push(k, headers[k]!)
  return out
}
