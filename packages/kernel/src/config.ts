// Config decoding with Effect Schema: one error naming the JSON path and what was expected.
import { Cause, Effect, Exit, Schema, SchemaIssue } from "effect"
import { ConfigError } from "./errors.ts"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** Append a key or index to a JSON path: `a` + `b` -> `a.b`, `a` + 0 -> `a[0]`. */
export const joinPath = (base: string, key: PropertyKey): string =>
  typeof key === "number" ? `${base}[${key}]` : base === "" ? String(key) : `${base}.${String(key)}`

/** Decode `input` found at `path` with `schema`; failures become one ConfigError. */
export const decodeConfig = <C>(schema: Schema.Decoder<C>, input: unknown, path = ""): Effect.Effect<C, ConfigError> => {
  const exit = Schema.decodeUnknownExit(schema as Schema.Decoder<C, never>)(input, { errors: "first", onExcessProperty: "ignore" })
  if (Exit.isSuccess(exit)) return Effect.succeed(exit.value)
  const error = Cause.squash(exit.cause) as { issue?: SchemaIssue.Issue; message?: string }
  if (error.issue === undefined) return Effect.fail(ConfigError.at(path, String(error.message ?? error)))
  const first = formatter(error.issue).issues[0]
  const full = (first?.path ?? []).reduce<string>((p, k) => joinPath(p, k as PropertyKey), path)
  return Effect.fail(ConfigError.at(full, first?.message ?? "invalid value"))
}
