// Tagged error for transport failures (connect refused, timeout, closed, unknown pipe listener).
import { Schema } from "effect"

export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  reason: Schema.Literals(["ConnectFailed", "ConnectTimeout", "Closed", "ListenFailed", "UnknownListener"]),
  message: Schema.String
}) {}
