/**
 * Caches for the query layer, all bounded and all single-flight: concurrent callers asking for the
 * same key share one computation, and a failed computation is forgotten (the next caller retries).
 *
 * - `createTableCache`: values that own DuckDB tables. A caller holds a lease while it queries the
 *   table; an entry is evicted (and its table dropped) only when no lease is held, so eviction never
 *   drops a table in use. While every entry is leased the cache may exceed its bound; it shrinks
 *   back as leases are released.
 * - `createMemo`: plain values (counts, statistics), least recently used evicted first.
 */

export type TLease<T> = { value: T; release: () => void };

export type TTableCache<T> = {
  /** The value for `key`, built once by `build` if absent; call `release` when done with it. */
  acquire: (key: string, build: () => Promise<T>) => Promise<TLease<T>>;
  /** Runs `fn` with the value leased, releasing it afterwards. */
  use: <R>(key: string, build: () => Promise<T>, fn: (value: T) => Promise<R>) => Promise<R>;
  /** Entries held now (for tests and the load bench). */
  stats: () => { entries: number; leased: number };
};

type TEntry<T> = { promise: Promise<T>; refs: number };

export const createTableCache = <T>(opts: { max: number; drop: (value: T) => Promise<void> }): TTableCache<T> => {
  const entries = new Map<string, TEntry<T>>();
  const trim = () => {
    for (const [key, e] of entries) {
      if (entries.size <= opts.max) break;
      if (e.refs > 0) continue;
      entries.delete(key);
      void e.promise.then(opts.drop).catch(() => {});
    }
  };
  const acquire = async (key: string, build: () => Promise<T>): Promise<TLease<T>> => {
    let e = entries.get(key);
    if (e) {
      // Least recently used first: a hit moves to the back of the Map's order.
      entries.delete(key);
      entries.set(key, e);
    } else {
      const entry: TEntry<T> = { promise: build(), refs: 0 };
      entries.set(key, entry);
      entry.promise.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      e = entry;
    }
    const held = e;
    held.refs++;
    let value: T;
    try {
      value = await held.promise;
    } catch (err) {
      held.refs--;
      throw err;
    }
    trim();
    let released = false;
    return {
      value,
      release: () => {
        if (released) return;
        released = true;
        held.refs--;
        trim();
      },
    };
  };
  return {
    acquire,
    use: async (key, build, fn) => {
      const lease = await acquire(key, build);
      try {
        return await fn(lease.value);
      } finally {
        lease.release();
      }
    },
    stats: () => ({ entries: entries.size, leased: [...entries.values()].filter((e) => e.refs > 0).length }),
  };
};

export type TMemo<T> = { get: (key: string, compute: () => Promise<T>) => Promise<T>; size: () => number };

export const createMemo = <T>(opts: { max: number }): TMemo<T> => {
  const entries = new Map<string, Promise<T>>();
  return {
    get: (key, compute) => {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const p = compute();
      entries.set(key, p);
      p.catch(() => {
        if (entries.get(key) === p) entries.delete(key);
      });
      while (entries.size > opts.max) entries.delete(entries.keys().next().value!);
      return p;
    },
    size: () => entries.size,
  };
};

/**
 * Concurrent calls with the same key share one running computation (nothing is kept afterwards).
 * The computation gets a signal that aborts only when every caller waiting for it has aborted, so
 * one client going away does not cancel the work another is waiting for.
 */
export const createSingleFlight = <T>() => {
  type TFlight = { promise: Promise<T>; waiting: number; controller: AbortController };
  const running = new Map<string, TFlight>();
  return (key: string, compute: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> => {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    let f = running.get(key);
    if (!f) {
      const controller = new AbortController();
      const flight: TFlight = { promise: Promise.resolve().then(() => compute(controller.signal)), waiting: 0, controller };
      flight.promise.then(
        () => running.get(key) === flight && running.delete(key),
        () => running.get(key) === flight && running.delete(key),
      );
      running.set(key, flight);
      f = flight;
    }
    const flight = f;
    flight.waiting++;
    if (!signal) return flight.promise;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        if (--flight.waiting === 0) {
          if (running.get(key) === flight) running.delete(key);
          flight.controller.abort(signal.reason);
        }
        reject(abortError(signal));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      flight.promise.then(
        (v) => {
          signal.removeEventListener("abort", onAbort);
          resolve(v);
        },
        (e) => {
          signal.removeEventListener("abort", onAbort);
          reject(e);
        },
      );
    });
  };
};

export const abortError = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new DOMException("The request was aborted", "AbortError"));

/**
 * At most `max` computations run at once; the others wait their turn in order. A waiter whose
 * signal aborts leaves the queue. Heavy queries (recipe previews) go through one, so a burst of
 * them cannot fill DuckDB's task queue ahead of every light page query.
 */
export const createLimiter = (max: number) => {
  let running = 0;
  const queue: { start: () => void; signal?: AbortSignal }[] = [];
  const next = () => {
    while (running < max && queue.length > 0) {
      const w = queue.shift()!;
      if (w.signal?.aborted) continue;
      running++;
      w.start();
    }
  };
  return async <T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    if (signal?.aborted) throw abortError(signal);
    if (running >= max) {
      await new Promise<void>((resolve, reject) => {
        const waiter = { start: () => resolve(), signal };
        queue.push(waiter);
        signal?.addEventListener(
          "abort",
          () => {
            const i = queue.indexOf(waiter);
            if (i >= 0) {
              queue.splice(i, 1);
              reject(abortError(signal));
            }
          },
          { once: true },
        );
      });
    } else running++;
    try {
      return await fn();
    } finally {
      running--;
      next();
    }
  };
};
