// Ties the runtime to its process: SIGINT/SIGTERM drain and exit, SIGHUP reloads, and the runtime never outlives its launcher.

export interface ProcessHooks {
  /** Drain and close; resolves when the runtime is closed. */
  readonly drain: (signal: string) => Promise<void>
  /** SIGHUP. Absent: SIGHUP drains and exits like SIGTERM. */
  readonly reload?: () => Promise<void>
  readonly log: (line: string) => void
  /**
   * Exit when the process that started this one goes away (npm exec, `npm start`, a launcher): its ppid
   * changes. Default: on when npm started us (`npm_command` set) or a launcher asked (MOSAIC_EXIT_WITH_PARENT=1).
   */
  readonly exitWithParent?: boolean
  /** How often the parent is checked (ms). */
  readonly parentPollMs?: number
}

const parentWatchWanted = (): boolean =>
  process.env.MOSAIC_EXIT_WITH_PARENT === "1" || (process.env.npm_command !== undefined && process.env.MOSAIC_EXIT_WITH_PARENT !== "0")

/**
 * Install the handlers. A second SIGINT/SIGTERM during the drain exits at once (code 1). Returns a function
 * that removes them (for tests and embedders).
 */
export const installProcessSignals = (hooks: ProcessHooks): () => void => {
  let stopping = false
  const stop = (why: string) => {
    if (stopping) {
      hooks.log(`mosaic: ${why} again, exiting now`)
      process.exit(1)
    }
    stopping = true
    hooks.drain(why).then(() => process.exit(0), (e: unknown) => {
      hooks.log(`mosaic: drain failed: ${e instanceof Error ? e.message : String(e)}`)
      process.exit(1)
    })
  }
  let reloading: Promise<void> = Promise.resolve()
  const onInt = () => stop("SIGINT")
  const onTerm = () => stop("SIGTERM")
  const onHup = () => {
    if (stopping) return
    if (hooks.reload === undefined) return stop("SIGHUP")
    // reloads run one after another, never two at once
    reloading = reloading.then(hooks.reload, hooks.reload).catch(() => {})
  }
  process.on("SIGINT", onInt)
  process.on("SIGTERM", onTerm)
  process.on("SIGHUP", onHup)
  let timer: ReturnType<typeof setInterval> | undefined
  if (hooks.exitWithParent ?? parentWatchWanted()) {
    const parent = process.ppid
    timer = setInterval(() => {
      if (process.ppid !== parent) stop(`parent process ${parent} exited`)
    }, hooks.parentPollMs ?? 500)
    ;(timer as { unref?: () => void }).unref?.()
  }
  return () => {
    process.off("SIGINT", onInt)
    process.off("SIGTERM", onTerm)
    process.off("SIGHUP", onHup)
    if (timer !== undefined) clearInterval(timer)
  }
}
