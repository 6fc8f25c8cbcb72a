/**
 * The bench machine may be shared: these helpers measure how much CPU *other* processes used
 * during a measurement (machine busy time from /proc/stat minus this process's own CPU time), and
 * wait for a quiet moment before starting one.
 */
import fs from "node:fs";

const USER_HZ = 100;

/** Busy CPU seconds of the whole machine so far (all cores), or null where /proc/stat is missing. */
const machineBusySeconds = (): number | null => {
  try {
    const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const [user, nice, system, , , irq, softirq, steal] = cpu;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / USER_HZ;
  } catch {
    return null;
  }
};

const ownCpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export type TCpuProbe = { stop: () => { ownCpuSeconds: number; otherCpuSeconds: number | null } };

export const startCpuProbe = (): TCpuProbe => {
  const m0 = machineBusySeconds();
  const o0 = ownCpuSeconds();
  return {
    stop: () => {
      const m1 = machineBusySeconds();
      const own = ownCpuSeconds() - o0;
      return { ownCpuSeconds: own, otherCpuSeconds: m0 === null || m1 === null ? null : Math.max(0, Math.round((m1 - m0 - own) * 100) / 100) };
    },
  };
};

/**
 * Waits until other processes use under `maxShare` of one core over a 2 s window (at most
 * `maxWaitS`); returns the share seen last, so a result can be flagged when it never got quiet.
 */
export const waitForQuiet = async (maxShare = 0.1, maxWaitS = 300): Promise<number | null> => {
  const until = Date.now() + maxWaitS * 1000;
  let share: number | null = null;
  for (;;) {
    const probe = startCpuProbe();
    await new Promise((r) => setTimeout(r, 2000));
    const { otherCpuSeconds } = probe.stop();
    if (otherCpuSeconds === null) return null;
    share = otherCpuSeconds / 2;
    if (share < maxShare || Date.now() > until) return share;
    if (Math.round((until - Date.now()) / 2000) % 15 === 0) console.log(`  waiting for a quiet machine: other processes use ${share.toFixed(2)} cores`);
  }
};
