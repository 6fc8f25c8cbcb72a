import { getAnnotatorOrThrow } from "@/lib/annotators";
import { quoteLiteral, withDuck } from "@/lib/duckdb/instance";
import { writeRowsToParquet, type TParquetColumn } from "@/lib/duckdb/write-parquet";

type TGlobal = { id: string; config: unknown };

/** Annotators whose result needs every shard: per-shard signatures, then one global finalisation. */
export const isGlobalAnnotator = (id: string): boolean => Boolean(getAnnotatorOrThrow(id).global);

/** Columns of the per-shard signature files: id, position in the corpus, and each annotator's signature. */
export const signatureColumns = (globals: TGlobal[]): TParquetColumn[] => [
  { name: "id", type: "VARCHAR" },
  { name: "shard", type: "BIGINT" },
  { name: "row", type: "BIGINT" },
  ...globals.flatMap((g) => getAnnotatorOrThrow(g.id).global!.signatureColumns),
];

/**
 * The global step of an annotation run: loads every signature file into one temp table (`sig`,
 * with `ord` = position in corpus order), lets each global annotator's declared `finalize` turn the
 * signatures into its columns, and writes one Parquet file with every annotator's declared columns.
 */
export const runGlobalStep = async (signatureFiles: string[], outFile: string, globals: TGlobal[], heartbeat: () => void): Promise<Record<string, number>> => {
  const src = `read_parquet([${signatureFiles.map(quoteLiteral).join(", ")}])`;
  const ids: string[] = [];
  const stats: Record<string, number> = {};
  const columns: TParquetColumn[] = [{ name: "id", type: "VARCHAR" }];
  const values = new Map<string, unknown[]>();

  await withDuck(async (conn) => {
    await conn.run(`CREATE OR REPLACE TEMP TABLE sig AS SELECT *, row_number() OVER (ORDER BY shard, "row") - 1 AS ord FROM ${src}`);
    try {
      const idRows = (await conn.runAndReadAll("SELECT id FROM sig ORDER BY ord")).getRowsJS();
      for (const r of idRows) ids.push(String(r[0]));
      heartbeat();
      for (const g of globals) {
        const annotator = getAnnotatorOrThrow(g.id);
        const config = annotator.configSchema.parse(g.config ?? {});
        const out = await annotator.global!.finalize({ conn, table: "sig", ids, config, heartbeat });
        for (const c of annotator.columns(config)) {
          const v = out.values[c.name];
          if (!v || v.length !== ids.length) throw new Error(`Global step of "${g.id}" returned ${v?.length ?? 0} values for ${c.name}, expected ${ids.length}`);
          columns.push({ name: c.name, type: c.type });
          values.set(c.name, v);
        }
        Object.assign(stats, out.stats);
        heartbeat();
      }
    } finally {
      await conn.run("DROP TABLE IF EXISTS sig");
    }
  });
  function* rows() {
    for (let i = 0; i < ids.length; i++) {
      const row: Record<string, unknown> = { id: ids[i] };
      for (const [k, v] of values) row[k] = v[i];
      yield row;
    }
  }
  await writeRowsToParquet(outFile, columns, rows());
  stats.documents = ids.length;
  return stats;
};
