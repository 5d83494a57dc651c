// The Mosaic admin dashboard's script: polls the admin API once a second and draws the last 5 minutes with uPlot.
"use strict";
(() => {
  const POLL_MS = 1000
  const CONFIG_EVERY = 10
  const HEIGHT = 180
  const COLORS = ["#2e6fdb", "#d9480f", "#2b8a3e", "#9c36b5", "#e67700", "#0b7285", "#c2255c", "#5c940d", "#364fc7", "#862e9c"]
  const UNAVAILABLE = {
    listener: (g) => `Not counted in this runtime: the registry has no ${g.families.requests} family (no proxy listener).`,
    cluster: (g) => `Not in the metrics yet: the proxy registers no per-cluster counters (${g.families.requests}, ${g.families.latency}). Host health and load are in the table below, from /clusters.`,
    service: (g) => `Not counted in this runtime: the registry has no ${g.families.requests} family (no InvokeService ingress).`
  }
  const CHARTS = [
    { id: "rps", title: "requests / s", lines: (s) => [{ label: s.key, values: s.rps }] },
    {
      id: "errors",
      title: "errors, % of requests",
      lines: (s) => [{
        label: s.key,
        values: s.rps.map((r, i) => (r === null ? null : r > 0 ? Math.min(100, (100 * s.eps[i]) / r) : s.eps[i] > 0 ? 100 : 0))
      }]
    },
    {
      id: "latency",
      title: "latency, ms (p99 solid, p50 dashed)",
      lines: (s) => [{ label: `${s.key} p99`, values: s.p99_ms, spanGaps: true }, { label: `${s.key} p50`, values: s.p50_ms, dash: [5, 4], spanGaps: true }]
    }
  ]
  const plots = new Map()
  const pollEl = document.getElementById("poll")
  let polls = 0
  let failures = 0

  const getJSON = async (path) => {
    const r = await fetch(path, { cache: "no-store" })
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`)
    return r.json()
  }
  const el = (tag, text, cls) => {
    const e = document.createElement(tag)
    if (text !== undefined) e.textContent = String(text)
    if (cls) e.className = cls
    return e
  }
  const fmt = (v) => (v === null || v === undefined ? "–" : v === 0 ? "0" : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2))
  const clock = (t) => new Date(t * 1000).toLocaleTimeString([], { hour12: false })
  // whole seconds on the time axis, however short the history so far
  const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300]

  const draw = (container, id, title, time, lines) => {
    let box = container.querySelector(`[data-chart="${id}"]`)
    if (box === null) {
      box = el("div", undefined, "chart")
      box.dataset.chart = id
      box.append(el("h3", title))
      container.append(box)
    }
    const shape = lines.map((l) => `${l.label}${l.dash ? "~" : ""}`).join("|")
    const data = [time, ...lines.map((l) => l.values)]
    let p = plots.get(id)
    if (p === undefined || p.shape !== shape) {
      if (p !== undefined) p.plot.destroy()
      const opts = {
        width: Math.max(240, box.clientWidth),
        height: HEIGHT,
        legend: { live: false },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max !== null && max > 0 ? max * 1.1 : 1] } },
        axes: [{ incrs: TIME_STEPS, space: 70, values: (_u, ticks) => ticks.map(clock) }, { size: 56, values: (_u, ticks) => ticks.map(fmt) }],
        series: [{}, ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 1.5, dash: l.dash, spanGaps: l.spanGaps === true }))]
      }
      p = { plot: new uPlot(opts, data, box), shape, box }
      plots.set(id, p)
    } else {
      p.plot.setData(data)
    }
    box.dataset.points = String(time.length)
    box.dataset.latest = JSON.stringify(Object.fromEntries(lines.map((l) => [l.label, l.values.length === 0 ? null : l.values[l.values.length - 1]])))
  }

  const renderGroup = (g, time, interval, metricsOn) => {
    const section = document.getElementById(`group-${g.kind}`)
    if (section === null) return
    const note = section.querySelector(".note")
    const charts = section.querySelector(".charts")
    let requests = 0
    let errors = 0
    for (const s of g.series) {
      for (let i = 0; i < time.length; i++) {
        const dt = i === 0 ? interval : time[i] - time[i - 1]
        requests += (s.rps[i] ?? 0) * dt
        errors += (s.eps[i] ?? 0) * dt
      }
    }
    section.dataset.available = String(g.available)
    section.dataset.series = g.series.map((s) => s.key).join(",")
    section.dataset.requests = String(Math.round(requests))
    section.dataset.errors = String(Math.round(errors))
    section.querySelector(".summary").textContent = g.available
      ? `${Math.round(requests)} requests, ${Math.round(errors)} errors in the last ${Math.round(time.length * interval)} s`
      : ""
    if (!metricsOn) {
      note.textContent = "Metrics are off in this runtime (no registry): nothing is counted."
      return
    }
    if (!g.available) {
      note.textContent = UNAVAILABLE[g.kind] ? UNAVAILABLE[g.kind](g) : `No ${g.families.requests} family.`
      return
    }
    const partial = g.missing.length === 0 ? "" : ` Not counted: ${g.missing.join(", ")}.`
    note.textContent = g.series.length === 0 ? `No ${g.kind} has counted a request yet.${partial}` : partial.trim()
    if (g.series.length === 0 || time.length === 0) return
    for (const c of CHARTS) {
      const lines = g.series.flatMap((s, i) => c.lines(s).map((l) => ({ ...l, color: COLORS[i % COLORS.length] })))
      draw(charts, `${g.kind}-${c.id}`, c.title, time, lines)
    }
  }

  const circuitOf = (cluster, host) => {
    const v = host.circuit_state ?? host.circuit ?? cluster.circuit_state ?? cluster.circuit_breaker
    if (v === undefined) return undefined
    return typeof v === "object" ? JSON.stringify(v) : String(v)
  }

  const renderHosts = (body) => {
    const rows = []
    let circuitSeen = false
    for (const c of body.clusters ?? []) {
      const hosts = c.hosts ?? []
      if (hosts.length === 0) {
        const tr = el("tr")
        tr.append(el("td", c.name), el("td", "no hosts"), el("td"), el("td"), el("td"), el("td"), el("td"))
        rows.push(tr)
      }
      for (const h of hosts) {
        const circuit = circuitOf(c, h)
        if (circuit !== undefined) circuitSeen = true
        const tr = el("tr")
        tr.dataset.cluster = c.name
        tr.dataset.host = h.address
        tr.append(
          el("td", c.name),
          el("td", h.hostname && h.hostname !== h.address ? `${h.hostname} (${h.address})` : h.address),
          el("td", h.healthy ? "healthy" : "unhealthy", h.healthy ? "healthy" : "unhealthy"),
          el("td", h.weight ?? "–"),
          el("td", h.active_requests ?? "–"),
          el("td", h.active_connections ?? "–"),
          el("td", circuit ?? "–")
        )
        rows.push(tr)
      }
    }
    document.querySelector("#hosts tbody").replaceChildren(...rows)
    document.getElementById("hosts-note").textContent = (rows.length === 0 ? "No clusters. " : "") +
      (circuitSeen ? "" : "Circuit state: /clusters does not report it yet (the circuit breaker admits requests per cluster against max_requests / max_retries).")
  }

  const renderInfo = (info) => {
    document.getElementById("info").textContent = [info.name, info.runtime, info.pid && `pid ${info.pid}`, info.uptime_seconds !== undefined && `up ${info.uptime_seconds} s`]
      .filter(Boolean).join(" · ")
    const state = document.getElementById("state")
    state.textContent = info.state ?? "?"
    state.className = `badge ${info.state ?? ""}`
  }

  const poll = async () => {
    try {
      const [dash, clusters, info] = await Promise.all([getJSON("/api/v1/dashboard"), getJSON("/clusters"), getJSON("/server_info")])
      for (const g of dash.groups) renderGroup(g, dash.time, dash.interval_seconds ?? 1, dash.metrics)
      if (dash.groups.length === 0) {
        for (const kind of ["listener", "cluster", "service"]) {
          renderGroup({ kind, key: kind, available: false, missing: [], series: [], families: {} }, [], 1, false)
        }
      }
      renderHosts(clusters)
      renderInfo(info)
      if (polls % CONFIG_EVERY === 0) {
        document.getElementById("config-dump").textContent = JSON.stringify(await getJSON("/api/v1/config_dump"), null, 2)
      }
      polls++
      pollEl.dataset.polls = String(polls)
      pollEl.textContent = `updated ${new Date().toLocaleTimeString()} · every ${POLL_MS / 1000} s`
    } catch (e) {
      failures++
      pollEl.dataset.errors = String(failures)
      pollEl.textContent = `admin unreachable: ${e instanceof Error ? e.message : String(e)}`
    }
    setTimeout(poll, POLL_MS)
  }

  window.addEventListener("resize", () => {
    for (const p of plots.values()) p.plot.setSize({ width: Math.max(240, p.box.clientWidth), height: HEIGHT })
  })
  void poll()
})()
