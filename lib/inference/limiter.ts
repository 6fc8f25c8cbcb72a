/**
 * Bounds the requests to one endpoint: at most `concurrency` in flight, and, when
 * `requestsPerSecond` > 0, starts spaced at least 1/rps apart (so no window of one second holds
 * more than rps starts). A 429's Retry-After pauses every new start until it has passed.
 */
export type TLimiter = {
  /** Waits for a free slot and its start time; resolves to the function that frees the slot. Rejects if `signal` aborts first. */
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

export const createLimiter = (opts: { concurrency: number; requestsPerSecond: number }): TLimiter => {
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const spacingMs = opts.requestsPerSecond > 0 ? 1000 / opts.requestsPerSecond : 0;
  let active = 0;
  let nextStart = 0;
  let pausedUntil = 0;
  const waiters: { grant: () => void }[] = [];

  const release = () => {
    const next = waiters.shift();
    if (next) next.grant();
    else active--;
  };

  const slot = (signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (active < concurrency) {
      active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        // The slot passes straight from the releasing request to this one (`active` unchanged).
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) waiters.splice(i, 1);
        reject(abortError(signal!));
      };
      waiters.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  };

  return {
    acquire: async (signal) => {
      await slot(signal);
      let released = false;
      const free = () => {
        if (released) return;
        released = true;
        release();
      };
      try {
        const now = Date.now();
        const start = Math.max(now, pausedUntil, spacingMs > 0 ? nextStart : 0);
        if (spacingMs > 0) nextStart = start + spacingMs;
        if (start > now) await sleep(start - now, signal);
      } catch (e) {
        free();
        throw e;
      }
      return free;
    },
    pauseUntil: (until) => {
      pausedUntil = Math.max(pausedUntil, until);
    },
    inFlight: () => active,
  };
};
