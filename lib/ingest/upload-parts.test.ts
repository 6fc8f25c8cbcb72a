import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { uploadsDir } from "@/lib/ingest/source-spec";
import { removeAbandonedUploadParts } from "@/lib/ingest/upload-parts";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

const partsUnder = (root: string): string[] =>
  fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".part")) : [];

describe("abandoned upload parts", () => {
  it("a server killed mid-upload leaves its part; the start-up sweep removes it and its folder, and keeps finished uploads", async () => {
    useTempDataDir("parts");
    const root = uploadsDir();
    fs.mkdirSync(path.join(root, "upl_done"), { recursive: true });
    fs.writeFileSync(path.join(root, "upl_done", "done.jsonl"), '{"text":"kept"}\n');

    const child = spawn(process.execPath, ["--import", "tsx", "tests/helpers/slow-upload.ts"], { env: { ...process.env }, stdio: "ignore" });
    const deadline = Date.now() + 30_000;
    while (partsUnder(root).length === 0 || fs.statSync(path.join(root, partsUnder(root)[0])).size === 0) {
      if (Date.now() > deadline) throw new Error("the upload never started");
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const [part] = partsUnder(root);
    expect(part).toMatch(/^upl_[a-z0-9]+\/\.slow\.jsonl\.part$/);

    expect(removeAbandonedUploadParts(0)).toEqual([path.join(root, part)]);
    expect(partsUnder(root)).toEqual([]);
    expect(fs.readdirSync(root).sort()).toEqual(["upl_done"]);
    expect(fs.readFileSync(path.join(root, "upl_done", "done.jsonl"), "utf8")).toContain("kept");
  });

  it("with a timeout, removes only parts not written to for that long", () => {
    useTempDataDir("parts-timeout");
    const root = uploadsDir();
    const now = Date.now();
    for (const [id, ageMin] of [["upl_old", 30], ["upl_live", 1]] as const) {
      fs.mkdirSync(path.join(root, id), { recursive: true });
      const f = path.join(root, id, ".x.jsonl.part");
      fs.writeFileSync(f, "partial");
      const t = new Date(now - ageMin * 60_000);
      fs.utimesSync(f, t, t);
      fs.utimesSync(path.join(root, id), t, t);
    }
    expect(removeAbandonedUploadParts(10 * 60_000, now)).toEqual([path.join(root, "upl_old", ".x.jsonl.part")]);
    expect(fs.existsSync(path.join(root, "upl_old"))).toBe(false);
    expect(partsUnder(root)).toEqual(["upl_live/.x.jsonl.part"]);
  });
});
