// HTTPExtension -> the `verb` and `query_string` header entries (NONE and a missing verb mean GET).
import { type HTTPExtension, HTTPExtension_Verb } from "@mosaic/proto"
import type { RpcHeader } from "@mosaic/rpc"

const verbNames: Readonly<Record<number, string>> = {
  [HTTPExtension_Verb.GET]: "GET",
  [HTTPExtension_Verb.HEAD]: "HEAD",
  [HTTPExtension_Verb.POST]: "POST",
  [HTTPExtension_Verb.PUT]: "PUT",
  [HTTPExtension_Verb.DELETE]: "DELETE",
  [HTTPExtension_Verb.CONNECT]: "CONNECT",
  [HTTPExtension_Verb.OPTIONS]: "OPTIONS",
  [HTTPExtension_Verb.TRACE]: "TRACE",
  [HTTPExtension_Verb.PATCH]: "PATCH"
}

/** The HTTP method for a verb: NONE (0) and unknown numbers give "GET" (Layotto sends "NONE"). */
export const verbName = (verb: number): string => verbNames[verb] ?? "GET"

/** Layotto's mapping: set `verb` and, when not empty, `query_string`; header values from clients are overwritten. */
export const applyHttpExtension = (header: RpcHeader, ext: HTTPExtension | undefined): void => {
  if (ext === undefined) return
  header["verb"] = verbName(ext.verb)
  if (ext.querystring !== "") header["query_string"] = ext.querystring
}
