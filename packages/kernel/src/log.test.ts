// The process logger: levels filter lines, the level changes at run time, names parse in any case.
import { test } from "node:test"
import assert from "node:assert/strict"
import { makeLogger, parseLogLevel } from "./log.ts"

test("lines below the level are dropped; setLevel changes it at run time", () => {
  const lines: Array<string> = []
  const logger = makeLogger("INFO", (level, line) => lines.push(`${level} ${line}`))
  logger.debug("hidden")
  logger.info("shown")
  logger.warn("warned")
  assert.deepEqual(lines, ["INFO shown", "WARN warned"])
  logger.setLevel("DEBUG")
  assert.equal(logger.level(), "DEBUG")
  assert.equal(logger.enabled("TRACE"), false)
  logger.debug("now shown")
  logger.setLevel("ERROR")
  logger.warn("dropped")
  logger.error("kept")
  assert.deepEqual(lines, ["INFO shown", "WARN warned", "DEBUG now shown", "ERROR kept"])
})

test("parseLogLevel takes MOSN's names in any case and refuses others", () => {
  assert.equal(parseLogLevel("debug"), "DEBUG")
  assert.equal(parseLogLevel("FATAL"), "FATAL")
  assert.equal(parseLogLevel("verbose"), undefined)
})
