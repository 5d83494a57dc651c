// Request deadlines without a timer per request: one FIFO list per timeout value, one timer per list.

/** Something with a deadline; the list links through these fields (intrusive, O(1) add/remove). */
export interface DeadlineItem {
  deadline: number
  dlPrev: DeadlineItem | undefined
  dlNext: DeadlineItem | undefined
  dlList: DeadlineList | undefined
  onDeadline(): void
}

/** Items sharing one timeout expire in insertion order, so only the head needs a timer. */
export class DeadlineList {
  readonly ms: number
  private head: DeadlineItem | undefined
  private tail: DeadlineItem | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  private armedAt = 0

  constructor(ms: number) {
    this.ms = ms
  }

  add(item: DeadlineItem, now: number): void {
    item.deadline = now + this.ms
    item.dlList = this
    item.dlNext = undefined
    item.dlPrev = this.tail
    if (this.tail === undefined) this.head = item
    else this.tail.dlNext = item
    this.tail = item
    if (this.timer === undefined) this.arm(item.deadline, now)
  }

  remove(item: DeadlineItem): void {
    if (item.dlList !== this) return
    if (item.dlPrev === undefined) this.head = item.dlNext
    else item.dlPrev.dlNext = item.dlNext
    if (item.dlNext === undefined) this.tail = item.dlPrev
    else item.dlNext.dlPrev = item.dlPrev
    item.dlPrev = item.dlNext = item.dlList = undefined
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.head = this.tail = undefined
  }

  private arm(at: number, now: number): void {
    this.armedAt = at
    this.timer = setTimeout(() => this.fire(), Math.max(1, at - now))
  }

  private fire(): void {
    this.timer = undefined
    const now = Date.now()
    // an early wake-up (the head was removed) just re-arms for the new head
    while (this.head !== undefined && this.head.deadline <= now) {
      const item = this.head
      this.remove(item)
      item.onDeadline()
    }
    if (this.head !== undefined && this.timer === undefined) this.arm(this.head.deadline, now)
  }
}

/** All deadline lists of a proxy, by timeout in ms. */
export class Deadlines {
  private readonly lists = new Map<number, DeadlineList>()

  add(item: DeadlineItem, ms: number, now: number): void {
    let list = this.lists.get(ms)
    if (list === undefined) {
      list = new DeadlineList(ms)
      this.lists.set(ms, list)
    }
    list.add(item, now)
  }

  remove(item: DeadlineItem): void {
    item.dlList?.remove(item)
  }

  close(): void {
    for (const l of this.lists.values()) l.close()
    this.lists.clear()
  }
}
