/**
 * Linked mix sliders: shares always sum to 100. Moving one slider sets it (capped by what the
 * locked sliders leave) and rescales the other unlocked sliders proportionally to fill the rest.
 */
export const rebalanceMix = (shares: Record<string, number>, changed: string, value: number, locked: string[] = []): Record<string, number> => {
  const keys = Object.keys(shares);
  const lockedSum = keys.filter((k) => k !== changed && locked.includes(k)).reduce((a, k) => a + shares[k], 0);
  const v = Math.max(0, Math.min(value, 100 - lockedSum));
  const free = keys.filter((k) => k !== changed && !locked.includes(k));
  const out: Record<string, number> = { ...shares, [changed]: free.length === 0 ? 100 - lockedSum : v };
  const rest = 100 - lockedSum - out[changed];
  const freeSum = free.reduce((a, k) => a + shares[k], 0);
  for (const k of free) out[k] = freeSum > 0 ? (shares[k] / freeSum) * rest : rest / free.length;
  return out;
};
