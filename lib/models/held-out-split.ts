/**
 * u ∈ (0, 1) from md5(id ':' seed), as recipes draw their randomness: a document is held out when
 * u < fraction. The split depends only on the id and the seed, so every run over the same documents
 * holds out the same ones.
 */
export const hashUnitSql = (idExpr: string, seedParam: string): string =>
  `((CAST(md5_number_lower(${idExpr} || ':' || CAST(${seedParam} AS VARCHAR)) AS DOUBLE) + 0.5) / 18446744073709551616.0)`;
