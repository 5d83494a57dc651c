// A Java Throwable as a Hessian value (detailMessage, empty stack trace, no cause), for error bodies.
import type { JavaValue } from "@mosaic/hessian2"

export const javaException = (className: string, message: string): JavaValue =>
  ({ $class: className, $: { detailMessage: message, stackTrace: { $class: "[java.lang.StackTraceElement", $: [] }, cause: null } })

/** The message of anything a handler threw. */
export const errorMessage = (e: unknown): string =>
  e instanceof Error ? e.message : typeof e === "string" ? e : (() => { try { return JSON.stringify(e) } catch { return String(e) } })()
