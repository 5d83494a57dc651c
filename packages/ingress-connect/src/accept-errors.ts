// Accept failures of a listener (EMFILE, ENFILE, ...): keep serving, log one line per episode instead of crashing.

/**
 * A net.Server emits 'error' when accept fails (descriptors exhausted: EMFILE/ENFILE); with no listener
 * that error kills the process. Returns the listener for 'error' and `accepted`, to call on every accepted
 * connection: one line is logged when an episode starts, and the next after accepts succeeded again.
 */
export const acceptErrorLog = (listener: () => string, log: (message: string) => void) => {
  let failing = false
  let failures = 0
  return {
    onError: (e: unknown): void => {
      failures++
      if (failing) return
      failing = true
      const code = (e as { code?: unknown })?.code
      log(`ingress ${listener()}: accept failed (${typeof code === "string" ? code : e instanceof Error ? e.message : String(e)}); existing connections are still served, new ones fail until descriptors free up`)
    },
    accepted: (): void => {
      if (!failing) return
      failing = false
      log(`ingress ${listener()}: accepting again after ${failures} failed accepts`)
      failures = 0
    }
  }
}
