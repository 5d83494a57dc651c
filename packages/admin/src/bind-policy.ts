// Where the admin server may listen: loopback addresses only, unless the config explicitly allows remote access.

/** True for 127.0.0.0/8, ::1 (and its IPv4-mapped form of 127.x) and "localhost". */
export const isLoopback = (host: string): boolean => {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase()
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)
}

/** Undefined when `host` may be bound, else why not (one line, with the setting that allows it). */
export const bindRefusal = (host: string, allowRemote: boolean): string | undefined =>
  isLoopback(host) || allowRemote
    ? undefined
    : `admin address "${host}" is not a loopback address: the admin API can reload the config and change log levels, so it binds 127.0.0.1 or ::1 only unless "allow_remote": true is set`
