// Durations in config: Go duration strings ("60s", "500ms", "1m30s") or milliseconds, decoded to ms (shared by every plugin schema).
import { Effect, Schema, SchemaGetter } from "effect"

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, "\u00b5s": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** Parse a Go duration ("1h2m3.5s", "250ms", "0") or a number of ms; undefined when invalid. */
export const parseDuration = (value: string | number): number | undefined => {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined
  const text = value.trim()
  if (text === "0") return 0
  if (text === "") return undefined
  let total = 0
  let i = 0
  while (i < text.length) {
    const start = i
    while (i < text.length && ((text[i]! >= "0" && text[i]! <= "9") || text[i] === ".")) i++
    if (i === start) return undefined
    const n = Number(text.slice(start, i))
    const unitStart = i
    while (i < text.length && !(text[i]! >= "0" && text[i]! <= "9") && text[i] !== ".") i++
    const unit = UNIT_MS[text.slice(unitStart, i)]
    if (!Number.isFinite(n) || unit === undefined) return undefined
    total += n * unit
  }
  return total
}

/** A duration decoded to milliseconds. */
export const Duration = Schema.Union([Schema.Number, Schema.String])
  .check(Schema.makeFilter((v: string | number) =>
    parseDuration(v) !== undefined || `a duration such as "60s", "500ms", "1m30s" or a number of milliseconds`
  ))
  .pipe(Schema.decodeTo(Schema.Number, {
    decode: SchemaGetter.transform((v: string | number) => parseDuration(v)!),
    encode: SchemaGetter.transform((ms: number) => ms)
  }))

/** A duration with a default (given as config text, e.g. "60s"). */
export const durationOr = (text: string) => Duration.pipe(Schema.withDecodingDefault(Effect.succeed<string | number>(text)))
