/**
 * Bounds the requests to one endpoint: at most `concurrency` in flight, and, when
 * `requestsPerSecond` > 0, actual starts at least 1/rps apart, in arrival order (a stalled event
 * loop does not release a burst afterwards). A 429's Retry-After pauses every new start until it
 * has passed.
 */
export type TLimiter = {
  /** Waits for a free slot and its turn to start; resolves to the function that frees the slot. Rejects if `signal` aborts first. */
  acquire: (signal?: AbortSignal) => Promise<() => void>;
  /** Holds back new starts until `until` (ms since the epoch). */
  pauseUntil: (until: number) => void;
  inFlight: () => number;
};

const abortError = (signal: AbortSignal): unknown => signal.reason ?? new Error("aborted");

/** Resolves after `ms`, or rejects when `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    if (ms <= 0) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      reject(abortError(signal!));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

type TWaiter = { go: () => void; fail: (e: unknown) => void; signal?: AbortSignal; onAbort?: () => void };

/** A FIFO of waiters; `enqueue` resolves when the waiter is let through, rejects when its signal aborts first. */
const queue = () => {
  const items: TWaiter[] = [];
  const enqueue = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const w: TWaiter = { go: resolve, fail: reject, signal };
      w.onAbort = () => {
        const i = items.indexOf(w);
        if (i >= 0) items.splice(i, 1);
        reject(abortError(signal!));
      };
      signal?.addEventListener("abort", w.onAbort, { once: true });
      items.push(w);
    });
  const release = (): boolean => {
    const w = items.shift();
    if (!w) return false;
    w.signal?.removeEventListener("abort", w.onAbort!);
    w.go();
    return true;
  };
  return { enqueue, release, size: () => items.length };
};

export const createLimiter = (opts: { concurrency: number; requestsPerSecond: number }): TLimiter => {
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const spacingMs = opts.requestsPerSecond > 0 ? 1000 / opts.requestsPerSecond : 0;
  let active = 0;
  const slots = queue();
  const starts = queue();
  let lastStart = -Infinity;
  let pausedUntil = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  // One timer lets waiters start, one at a time, as their turn comes.
  const pump = () => {
    timer = null;
    while (starts.size() > 0) {
      const now = Date.now();
      const at = Math.max(pausedUntil, lastStart + spacingMs);
      if (now < at) {
        timer = setTimeout(pump, Math.ceil(at - now));
        return;
      }
      lastStart = now;
      starts.release();
    }
  };

  const freeSlot = () => {
    // The slot passes straight to the next waiter (`active` unchanged), or is returned.
    if (!slots.release()) active--;
  };

  return {
    acquire: async (signal) => {
      signal?.throwIfAborted();
      if (active < concurrency) active++;
      else await slots.enqueue(signal);
      let freed = false;
      const free = () => {
        if (freed) return;
        freed = true;
        freeSlot();
      };
      if (spacingMs > 0 || pausedUntil > Date.now()) {
        try {
          const turn = starts.enqueue(signal);
          if (!timer) pump();
          await turn;
        } catch (e) {
          free();
          throw e;
        }
      } else lastStart = Date.now();
      return free;
    },
    pauseUntil: (until) => {
      pausedUntil = Math.max(pausedUntil, until);
    },
    inFlight: () => active,
  };
};
