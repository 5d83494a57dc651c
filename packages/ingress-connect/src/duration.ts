// Durations in the ingress config: Go duration strings ("90s", "500ms", "1m30s") or a number of ms, decoded to ms.
import { Effect, Schema, SchemaGetter } from "effect"

const UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, "\u00b5s": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|\u00b5s|ms|s|m|h)/y

/** Milliseconds of a Go duration ("1m30s", "250ms", "0") or a non-negative number of ms; undefined when invalid. */
export const durationMs = (value: string | number): number | undefined => {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined
  const text = value.trim()
  if (text === "0") return 0
  if (text === "") return undefined
  let total = 0
  PART.lastIndex = 0
  while (PART.lastIndex < text.length) {
    const m = PART.exec(text)
    if (m === null) return undefined
    total += Number(m[1]) * UNITS[m[2]!]!
  }
  return total
}

/** A duration in config, decoded to ms. */
export const Duration = Schema.Union([Schema.Number, Schema.String])
  .check(Schema.makeFilter((v: string | number) =>
    durationMs(v) !== undefined || `a duration such as "90s", "500ms", "1m30s" or a number of milliseconds`
  ))
  .pipe(Schema.decodeTo(Schema.Number, {
    decode: SchemaGetter.transform((v: string | number) => durationMs(v)!),
    encode: SchemaGetter.transform((ms: number) => ms)
  }))

/** A duration with a default given as config text ("90s"). */
export const durationOr = (text: string) => Duration.pipe(Schema.withDecodingDefault(Effect.succeed<string | number>(text)))
