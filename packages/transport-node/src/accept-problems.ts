// Reports a listener's accept problems (errors, refusals over its connection cap) once per episode, not per connection.

/**
 * One line when accepting starts failing (an 'error' from the listening socket, e.g. EMFILE) and nothing
 * more until a connection is accepted again (then one line saying so). Refusals over maxConnections ('drop',
 * Node and Bun) alternate with accepts under steady overload, so they are told at most once a minute.
 * `accepted` runs per accepted connection: a boolean check.
 */
export class AcceptProblems {
  private readonly label: string
  private readonly log: (message: string) => void
  private failing = false
  /** Failed accepts since the episode's line (told on recovery). */
  private failed = 0
  private refused = 0
  private refusedToldAt = -Infinity

  constructor(label: string, log: (message: string) => void) {
    this.label = label
    this.log = log
  }

  /** An error from the listening socket after it listens: accept failed; the port and open connections stay. */
  readonly error = (e: Error & { code?: string }): void => {
    this.failed++
    if (this.failing) return
    this.failing = true
    this.log(`listener ${this.label}: accept failing (${e.code ?? "error"}: ${e.message}); open connections are served, new ones wait or are shed until an accept succeeds`)
  }

  /** A connection closed at accept because the listener is at its cap. */
  readonly dropped = (max: number): void => {
    this.refused++
    const now = Date.now()
    if (now - this.refusedToldAt < 60_000) return
    this.log(`listener ${this.label}: refusing connections over max_connections ${max} (closed at accept; ${this.refused} since the last such line)`)
    this.refusedToldAt = now
    this.refused = 0
  }

  accepted(): void {
    if (!this.failing) return
    this.log(`listener ${this.label}: accepting again after ${this.failed} failed accepts`)
    this.failing = false
    this.failed = 0
  }
}
