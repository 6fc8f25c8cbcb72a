import { describe, expect, it } from "vitest";
import { createLimiter, createMemo, createSingleFlight, createTableCache } from "@/lib/duckdb/shared-cache";

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe("createTableCache", () => {
  it("never drops a leased entry, shrinks back to its bound on release, and builds a key once", async () => {
    const dropped: string[] = [];
    let builds = 0;
    const cache = createTableCache<string>({ max: 2, drop: async (t) => void dropped.push(t) });
    const build = (t: string) => async () => {
      builds++;
      return t;
    };
    const [a1, a2] = await Promise.all([cache.acquire("a", build("A")), cache.acquire("a", build("A?"))]);
    expect([a1.value, a2.value, builds]).toEqual(["A", "A", 1]);
    const b = await cache.acquire("b", build("B"));
    const c = await cache.acquire("c", build("C"));
    // Three entries, all leased: over the bound, nothing dropped.
    expect(cache.stats()).toEqual({ entries: 3, leased: 3 });
    expect(dropped).toEqual([]);
    a1.release();
    a1.release();
    expect(dropped).toEqual([]);
    a2.release();
    await Promise.resolve();
    expect(dropped).toEqual(["A"]);
    expect(cache.stats()).toEqual({ entries: 2, leased: 2 });
    b.release();
    c.release();
    expect(cache.stats()).toEqual({ entries: 2, leased: 0 });
  });

  it("forgets a failed build so the next caller retries", async () => {
    const cache = createTableCache<string>({ max: 2, drop: async () => {} });
    await expect(cache.acquire("k", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await cache.use("k", async () => "ok", async (v) => v)).toBe("ok");
  });
});

describe("createMemo", () => {
  it("computes once for concurrent callers and evicts the least recently used", async () => {
    const memo = createMemo<number>({ max: 2 });
    let n = 0;
    const f = async () => ++n;
    expect(await Promise.all([memo.get("x", f), memo.get("x", f)])).toEqual([1, 1]);
    await memo.get("y", f);
    await memo.get("x", f);
    await memo.get("z", f);
    expect(memo.size()).toBe(2);
    expect(await memo.get("x", f)).toBe(1);
    expect(await memo.get("y", f)).toBe(4);
  });
});

describe("createSingleFlight", () => {
  it("shares a running computation and aborts it only when every waiter has gone", async () => {
    const flight = createSingleFlight<string>();
    const gate = deferred<string>();
    let signalSeen: AbortSignal | null = null;
    let runs = 0;
    const compute = (s: AbortSignal) => {
      runs++;
      signalSeen = s;
      return gate.promise;
    };
    const c1 = new AbortController();
    const c2 = new AbortController();
    const p1 = flight("k", compute, c1.signal);
    const p2 = flight("k", compute, c2.signal);
    await Promise.resolve();
    expect(runs).toBe(1);
    c1.abort();
    await expect(p1).rejects.toThrow(/abort/i);
    expect(signalSeen!.aborted).toBe(false);
    gate.resolve("done");
    expect(await p2).toBe("done");

    const c3 = new AbortController();
    const p3 = flight("j", (s) => new Promise<string>((_, reject) => s.addEventListener("abort", () => reject(new Error("stopped")))), c3.signal);
    c3.abort();
    await expect(p3).rejects.toThrow(/abort/i);
  });
});

describe("createLimiter", () => {
  it("runs at most max at once, in order, and drops a waiter that aborts", async () => {
    const limit = createLimiter(2);
    const gates = [deferred<number>(), deferred<number>(), deferred<number>(), deferred<number>()];
    const started: number[] = [];
    const run = (i: number, signal?: AbortSignal) => limit(() => (started.push(i), gates[i].promise), signal);
    const c = new AbortController();
    const ps = [run(0), run(1), run(2, c.signal), run(3)];
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    c.abort();
    await expect(ps[2]).rejects.toThrow(/abort/i);
    gates[0].resolve(0);
    await ps[0];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 3]);
    gates[1].resolve(1);
    gates[3].resolve(3);
    expect(await Promise.all([ps[1], ps[3]])).toEqual([1, 3]);
  });
});
