/**
 * The data-constrained scaling law (Muennighoff et al., "Scaling Data-Constrained Language
 * Models"; constants from huggingface/datablations, README "Parametric Fit").
 */
const a = 6.255414;
const b = 7.3049974;
const e = 0.6254804;
const alpha = 0.3526596;
const beta = 0.3526596;
export const R_STAR_D = 15.387756;
export const R_STAR_N = 5.309743;

const A = Math.exp(a);
const B = Math.exp(b);
const E = Math.exp(e);
const G = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));

/** Parameters that are compute-optimal for `tokens` unique tokens (Chinchilla helper). */
export const dToN = (tokens: number): number => (tokens * G) ** (beta / alpha) * G;

/** Effective data D' = U_D + U_D·R*_D·(1 − exp(−R_D/R*_D)), with R_D = max(D/U_D − 1, 0) repetitions. */
export const effectiveTokens = (uniqueTokens: number, totalTokens: number): number => {
  if (uniqueTokens <= 0) return 0;
  const rD = Math.max(totalTokens / uniqueTokens - 1, 0);
  return uniqueTokens + uniqueTokens * R_STAR_D * (1 - Math.exp(-rD / R_STAR_D));
};

/** Effective parameters N' (excess parameters beyond the compute-optimal size for the unique data decay the same way). */
export const effectiveParams = (params: number, uniqueTokens: number): number => {
  const uN = Math.min(params, dToN(uniqueTokens));
  const rN = Math.max(params / uN - 1, 0);
  return uN + uN * R_STAR_N * (1 - Math.exp(-rN / R_STAR_N));
};

/** Predicted loss L(N, D, U_D) = E + A/N'^α + B/D'^β. */
export const dataConstrainedLoss = (params: number, totalTokens: number, uniqueTokens: number): number => {
  if (uniqueTokens > totalTokens) throw new Error("unique tokens cannot exceed total tokens");
  return E + A / effectiveParams(params, uniqueTokens) ** alpha + B / effectiveTokens(uniqueTokens, totalTokens) ** beta;
};
