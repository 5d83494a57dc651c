// A process-wide logger with MOSN's levels, changeable at run time (the admin's update_loglevel).

/** MOSN's log levels, most verbose first. */
export const LOG_LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Where a line goes: `level` says which stream suits it (WARN and above: stderr). */
export type LogSink = (level: LogLevel, line: string) => void

const rank = (level: LogLevel): number => LOG_LEVELS.indexOf(level)

/** The level for a name in any case ("debug", "Warning" is not one); undefined when it names none. */
export const parseLogLevel = (name: string): LogLevel | undefined => {
  const upper = name.toUpperCase()
  return (LOG_LEVELS as ReadonlyArray<string>).includes(upper) ? upper as LogLevel : undefined
}

const consoleSink: LogSink = (level, line) => {
  if (rank(level) >= 3) console.error(line)
  else console.log(line)
}

export interface Logger {
  readonly level: () => LogLevel
  readonly setLevel: (level: LogLevel) => void
  /** True when lines of `level` are written (check before building an expensive line). */
  readonly enabled: (level: LogLevel) => boolean
  readonly setSink: (sink: LogSink) => void
  readonly trace: (line: string) => void
  readonly debug: (line: string) => void
  readonly info: (line: string) => void
  readonly warn: (line: string) => void
  readonly error: (line: string) => void
}

export const makeLogger = (initial: LogLevel = "INFO", initialSink: LogSink = consoleSink): Logger => {
  let min = rank(initial)
  let sink = initialSink
  const at = (level: LogLevel) => {
    const r = rank(level)
    return (line: string) => {
      if (r >= min) sink(level, line)
    }
  }
  return {
    level: () => LOG_LEVELS[min]!,
    setLevel: (level) => {
      min = rank(level)
    },
    enabled: (level) => rank(level) >= min,
    setSink: (next) => {
      sink = next
    },
    trace: at("TRACE"),
    debug: at("DEBUG"),
    info: at("INFO"),
    warn: at("WARN"),
    error: at("ERROR")
  }
}

/** The process's logger: the sidecar's own lines go through it; `update_loglevel` changes its level. */
export const log: Logger = makeLogger()
