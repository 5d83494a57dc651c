// Secrets out of a config before it is shown: private keys, passwords, tokens, secrets, credentials.

export const REDACTED = "[redacted]"

/** Keys whose values are never shown (matched on the key name without "_" / "-", any case). */
const SECRET_KEY = /(password|passwd|secret|token|privatekey|credential|apikey|accesskey|authorization|cookie)/i

/** A PEM private key anywhere in a string value. */
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/

const isSecretKey = (key: string): boolean => SECRET_KEY.test(key.replace(/[_-]/g, ""))

/** A deep copy of `value` with secret values replaced by "[redacted]". */
export const redact = (value: unknown, key = ""): unknown => {
  if (key !== "" && isSecretKey(key) && value !== null && value !== undefined && value !== "") return REDACTED
  if (typeof value === "string") return PRIVATE_KEY_PEM.test(value) ? REDACTED : value
  if (Array.isArray(value)) return value.map((v) => redact(v))
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, k)
    return out
  }
  return value
}
