// The admin dashboard in a real headless Chromium (Debian `chromium`, driven by playwright-core): charts update after traffic, no console errors, a screenshot.
import { test } from "node:test"
import assert from "node:assert/strict"
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startFromConfig } from "./main.ts"
import { adminSection, httpGet, invoke, runtimeConfig, startUpstreams } from "./observability.fixture.ts"

const HOW = "apt-get update && apt-get install -y chromium"
const CHROMIUM = process.env.MOSAIC_CHROMIUM ?? "/usr/bin/chromium"
const has = (): boolean => spawnSync(CHROMIUM, ["--version"], { stdio: "ignore", timeout: 20_000 }).status === 0
const apt = (args: ReadonlyArray<string>): boolean =>
  spawnSync("apt-get", args, { stdio: "ignore", timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0

/** Chromium at CHROMIUM, installing the Debian package when missing (root); else the one line saying how. */
const ensureChromium = (): string | undefined => {
  if (has()) return undefined
  const install = ["install", "-y", "--no-install-recommends", "chromium"]
  if ((apt(install) || (apt(["update"]) && apt(install))) && has()) return undefined
  return `chromium is not installed and apt-get could not install it; run: ${HOW}`
}
const skip = ensureChromium()
if (skip !== undefined) console.log(`skipping the dashboard browser test: ${skip}`)

/** Where the screenshot goes: MOSAIC_DASHBOARD_SCREENSHOT (e.g. docs/dashboard.png) or a temp file. */
const screenshotPath = (dir: string): string => process.env.MOSAIC_DASHBOARD_SCREENSHOT ?? join(dir, "dashboard.png")

test("the dashboard in headless Chromium: listener and service charts count the requests sent, hosts and config shown, no console errors", { skip: skip ?? false, timeout: 30_000 }, async () => {
  const { chromium } = await import("playwright-core")
  const up = await startUpstreams()
  const running = await startFromConfig(runtimeConfig({ echoPort: up.echo.port, silentPort: up.silentPort, extra: adminSection() }))
  const dir = mkdtempSync(join(tmpdir(), "mosaic-dashboard-"))
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 20_000,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    })
    const admin = `http://127.0.0.1:${running.admin[0]!.port}`
    const grpc = running.handle.ingressPorts[0]!
    const proxyPort = running.handle.proxy()!.listeners.find((l) => l.name === "egress_http")!.port!
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const problems: Array<string> = []
    page.on("console", (m) => void (m.type() === "error" && problems.push(`console: ${m.text()}`)))
    page.on("pageerror", (e) => void problems.push(`page: ${e.message}`))
    page.on("requestfailed", (r) => void problems.push(`request failed: ${r.url()}`))
    page.on("request", (r) => void (!r.url().startsWith(admin) && !r.url().startsWith("data:") && problems.push(`other origin: ${r.url()}`)))
    await page.goto(`${admin}/`, { timeout: 10_000 })
    await page.waitForFunction(() => Number(document.getElementById("poll")!.dataset.polls) >= 1, undefined, { timeout: 10_000 })
    assert.equal(await page.locator("#state").textContent(), "UP")
    assert.match((await page.locator("#group-cluster .note").textContent())!, /Not in the metrics yet/)
    assert.equal(await page.locator('[data-chart="listener-rps"]').count(), 0, "no listener chart before any request")
    // the sampler has a first point, so the traffic below falls in intervals it measured
    const deadline = Date.now() + 10_000
    while (((await (await fetch(`${admin}/api/v1/dashboard`)).json()) as { time: Array<number> }).time.length < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100))
    }

    // in three rounds about a second apart: 20 direct 200s, 5 direct 404s, 6 InvokeService OK, 2 DownService
    // (503 on the listener, an error code on the service)
    const rounds = [[10, 2, 2, 1], [6, 2, 2, 0], [4, 1, 2, 1]]
    for (const [r, [ok, missing, hello, down]] of rounds.entries()) {
      if (r > 0) await new Promise((resolve) => setTimeout(resolve, 1100))
      for (let i = 0; i < ok!; i++) assert.equal(await httpGet(proxyPort, "/echo/d"), 200)
      for (let i = 0; i < missing!; i++) assert.equal(await httpGet(proxyPort, "/none"), 404)
      for (let i = 0; i < hello!; i++) assert.equal(await invoke(grpc, "HelloService:1.0", "/hello"), "OK")
      for (let i = 0; i < down!; i++) assert.notEqual(await invoke(grpc, "DownService", "/down"), "OK")
    }

    const counted = () =>
      page.evaluate(() => {
        const g = (kind: string) => document.getElementById(`group-${kind}`)!.dataset
        return { listener: [g("listener").requests, g("listener").errors], service: [g("service").requests, g("service").errors], series: g("service").series }
      })
    await page.waitForFunction(() => {
      const g = (kind: string) => document.getElementById(`group-${kind}`)!.dataset
      return g("listener").requests === "33" && g("service").requests === "8"
    }, undefined, { timeout: 15_000 }).catch(async () => assert.fail(`the page never counted the traffic: ${JSON.stringify(await counted())}`))
    const c = await counted()
    assert.deepEqual(c.listener, ["33", "2"])
    assert.deepEqual(c.service, ["8", "2"])
    assert.deepEqual(c.series!.split(",").sort(), ["DownService", "HelloService:1.0"])

    for (const id of ["listener-rps", "listener-errors", "listener-latency", "service-rps", "service-errors", "service-latency"]) {
      const chart = page.locator(`[data-chart="${id}"]`)
      assert.equal(await chart.locator("canvas").count(), 1, `${id} is drawn`)
      assert.ok(Number(await chart.getAttribute("data-points")) >= 1, id)
    }
    const latency = JSON.parse((await page.locator('[data-chart="service-latency"]').getAttribute("data-latest"))!) as Record<string, number | null>
    assert.deepEqual(Object.keys(latency).sort(), ["DownService p50", "DownService p99", "HelloService:1.0 p50", "HelloService:1.0 p99"])
    // the points keep coming: another poll adds one
    const points = Number(await page.locator('[data-chart="listener-rps"]').getAttribute("data-points"))
    await page.waitForFunction((n) => Number(document.querySelector('[data-chart="listener-rps"]')!.getAttribute("data-points")) > n, points, { timeout: 10_000 })

    const hosts = await page.locator("#hosts tbody tr").evaluateAll((rows) => rows.map((r) => [...r.children].slice(0, 3).map((td) => td.textContent)))
    assert.deepEqual(hosts.map((h) => h[0]), ["echo", "silent", "dead"])
    assert.deepEqual(hosts[0], ["echo", `127.0.0.1:${up.echo.port}`, "healthy"])
    const config = (await page.locator("#config-dump").textContent())!
    assert.match(config, /"egress_http"/)
    assert.match(config, /"private_key": "\[redacted\]"/)
    assert.ok(!config.includes("MIIEvQIBADANBg"))

    const shot = screenshotPath(dir)
    await page.screenshot({ path: shot, fullPage: true })
    assert.ok(statSync(shot).size > 20_000, "a screenshot with something in it")
    assert.deepEqual(problems, [])
  } finally {
    await browser?.close()
    await running.stop(100)
    await up.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
