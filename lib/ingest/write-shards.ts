import fs from "node:fs";
import path from "node:path";
import { quoteIdent, quoteLiteral, toNumber, withDuck } from "@/lib/duckdb/instance";
import { shardFileName } from "@/lib/corpora/paths";
import type { TColumn } from "@/lib/corpora/versions";
import { readInputChunks, splitLines } from "@/lib/ingest/open-input";
import { STAGE_ID_KEY, STAGE_NCHARS_KEY, STAGE_SOURCE_KEY, stagingTextKey, type TMetadataField } from "@/lib/ingest/record-acceptor";
import type { TStagingFile } from "@/lib/ingest/staging-writer";

export const BASE_COLUMNS: TColumn[] = [
  { name: "id", type: "VARCHAR" },
  { name: "text", type: "VARCHAR" },
  { name: "source", type: "VARCHAR" },
  { name: "n_chars", type: "BIGINT" },
];

const MAX_OBJECT_BYTES = 1 << 30;

export type TShardFile = { file: string; nDocs: number; nBytes: number; nChars: number; schema: string };

/** A stable description of the columns a shard was written with. */
export const schemaKey = (textField: string, metadata: TMetadataField[]): string => JSON.stringify([textField, metadata.map((m) => [m.column, m.duckType])]);

/**
 * Converts one staging NDJSON file into a zstd Parquet shard with the given columns. Staging lines
 * hold the internal `__winnow_*` keys and each metadata field under its column name already.
 */
export const convertStagingFile = async (stage: TStagingFile, idx: number, textField: string, metadata: TMetadataField[], outDir: string): Promise<TShardFile> => {
  fs.mkdirSync(outDir, { recursive: true });
  const jsonColumns: [string, string][] = [
    [STAGE_ID_KEY, "VARCHAR"],
    [STAGE_SOURCE_KEY, "VARCHAR"],
    [STAGE_NCHARS_KEY, "BIGINT"],
    [stagingTextKey(textField), "VARCHAR"],
    ...metadata.map((m): [string, string] => [m.column, m.duckType]),
  ];
  const columnsStruct = `{${jsonColumns.map(([k, t]) => `${quoteLiteral(k)}: ${quoteLiteral(t)}`).join(", ")}}`;
  const select = [
    `${quoteIdent(STAGE_ID_KEY)} AS id`,
    `${quoteIdent(stagingTextKey(textField))} AS text`,
    `${quoteIdent(STAGE_SOURCE_KEY)} AS source`,
    `${quoteIdent(STAGE_NCHARS_KEY)} AS n_chars`,
    ...metadata.map((m) => quoteIdent(m.column)),
  ].join(", ");
  const file = path.join(outDir, shardFileName(idx));
  const from = `read_json(${quoteLiteral(stage.path)}, format = 'newline_delimited', columns = ${columnsStruct}, maximum_object_size = ${MAX_OBJECT_BYTES})`;
  return withDuck(async (conn) => {
    const copy = `COPY (SELECT ${select} FROM ${from}) TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 20000)`;
    try {
      await conn.run(copy);
    } catch (e) {
      // DuckDB rejects an object with a repeated key, which a line staged as it came may hold:
      // re-serialise the file (the last value wins, as in JSON.parse, which typed the field) and retry.
      if (!/duplicate key/i.test((e as Error).message)) throw e;
      await reserialiseStagingFile(stage.path);
      await conn.run(copy);
    }
    const stats = await conn.runAndReadAll(`SELECT count(*) AS n, coalesce(sum(n_chars), 0) AS chars FROM read_parquet(${quoteLiteral(file)})`);
    const row = stats.getRowObjectsJS()[0];
    const nDocs = toNumber(row.n);
    if (nDocs !== stage.docs) throw new Error(`Shard ${idx} holds ${nDocs} documents, expected ${stage.docs}`);
    return { file, nDocs, nBytes: fs.statSync(file).size, nChars: toNumber(row.chars), schema: schemaKey(textField, metadata) };
  });
};

export const shardColumns = (metadata: TMetadataField[]): TColumn[] => [...BASE_COLUMNS, ...metadata.map((m) => ({ name: m.column, type: m.duckType }))];

/** Rewrites a staging NDJSON file with every line parsed and serialised again (no repeated keys). */
const reserialiseStagingFile = async (file: string): Promise<void> => {
  const tmp = `${file}.dedup`;
  const fd = fs.openSync(tmp, "w");
  try {
    for await (const line of splitLines(readInputChunks(file, "none", Number.MAX_SAFE_INTEGER), () => {}, () => {})) {
      if (line.buf.length === 0) continue;
      fs.writeSync(fd, `${JSON.stringify(JSON.parse(line.buf.toString("utf8")))}\n`);
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
};
