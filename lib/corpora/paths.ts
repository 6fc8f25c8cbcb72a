import path from "node:path";
import { getConfig } from "@/lib/config";

/** Folder of one corpus version's shards, relative to the data dir: `corpora/<corpusId>/v<version>`. */
export const versionRelDir = (corpusId: string, version: number): string => path.join("corpora", corpusId, `v${version}`);

export const shardFileName = (idx: number): string => `part-${String(idx).padStart(5, "0")}.parquet`;

/** Resolves a path stored relative to the data dir. */
export const dataPath = (rel: string): string => path.join(getConfig().dataDir, rel);
