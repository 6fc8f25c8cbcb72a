/**
 * A local inference server for tests and the bench: real HTTP (node:http) speaking the
 * OpenAI-compatible protocol (`POST /v1/chat/completions`, `POST /v1/completions`, `GET /v1/models`),
 * TGI's native `POST /generate`, and, for Inference Providers, the Hub's model mapping
 * (`GET /api/models/<id>`) and router paths (`/<provider>/v1/chat/completions`).
 *
 * It recognises the two DataMan prompt styles by their layout, pulls out the document text, and
 * answers as a deterministic rater computed from simple text features (`rateText`), in the format
 * the prompt asks for: 15 lines for the DataMan prompt, JSON for the instruct prompt. A behaviour
 * function chooses, per request, a good answer, a malformed one, a slow one, an HTTP status (with
 * Retry-After), or a dropped connection. It counts requests and delivered answers per content hash
 * (sha256 of the document text), so tests can prove no document was billed twice.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export const DOMAIN_LETTERS = "ABCDEFGHIJKLMNO".split("");
export const RATING_KEYS = [
  "accuracy",
  "coherence",
  "language_consistency",
  "semantic_density",
  "knowledge_novelty",
  "topic_focus",
  "creativity",
  "professionalism",
  "style_consistency",
  "grammatical_diversity",
  "structural_standardization",
  "originality",
  "sensitivity",
  "overall_score",
] as const;

export const hashText = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The server's token count (what it reports in `usage`): one token per 4 characters, rounded up. */
export const serverTokens = (text: string): number => Math.ceil(text.length / 4);

const clamp = (x: number) => Math.max(1, Math.min(5, Math.round(x)));

const DOMAIN_WORDS: [string, RegExp][] = [
  ["H", /\b(npm|install|function|const|javascript|typescript|api|github|import|module)\b/gi],
  ["B", /\b(money|bank|price|stock|credit|loan|dollars?|investment|cash)\b/gi],
  ["A", /\b(health|doctor|medical|disease|patients?|hospital)\b/gi],
  ["C", /\b(law|court|legal|judge|attorney)\b/gi],
  ["D", /\b(school|students?|education|teachers?|college)\b/gi],
  ["G", /\b(theorem|equation|algebra|integral)\b/gi],
];

/**
 * A deterministic rater: scores from word count, lexical diversity, the share of alphabetic words
 * and of upper-case letters; the domain from keyword counts (else O, Other).
 */
export const rateText = (text: string): { domain: string; scores: number[] } => {
  const words = text.split(/\s+/).filter(Boolean);
  const n = words.length;
  const unique = new Set(words.map((w) => w.toLowerCase())).size;
  const diversity = n > 0 ? unique / n : 0;
  const alpha = n > 0 ? words.filter((w) => /^[A-Za-z][A-Za-z'’-]*[.,;:!?]?$/.test(w)).length / n : 0;
  const letters = text.replace(/[^A-Za-z]/g, "");
  const upper = letters.length > 0 ? letters.replace(/[^A-Z]/g, "").length / letters.length : 0;
  const lines = text.split("\n").filter((l) => l.trim()).length;
  const length = clamp(Math.log10(n + 1) * 1.6);
  const div = clamp(diversity * 6);
  const clean = clamp(alpha * 5.5);
  const calm = clamp(5 - upper * 10);
  const structure = clamp(1 + Math.log2(lines + 1));
  const criteria = [clean, clamp((length + div) / 2), clean, div, clamp(length - 1), div, clamp((div + calm) / 2), clamp((length + clean) / 2), calm, clamp((div + length) / 2), structure, div, calm];
  const overall = clamp(criteria.reduce((a, b) => a + b, 0) / criteria.length);
  let domain = "O";
  let best = 0;
  for (const [letter, re] of DOMAIN_WORDS) {
    const hits = text.match(re)?.length ?? 0;
    if (hits > best) {
      best = hits;
      domain = letter;
    }
  }
  return { domain, scores: [...criteria, overall] };
};

export const datamanAnswer = (text: string): string => {
  const r = rateText(text);
  return [r.domain, ...r.scores].join("\n");
};

export const instructAnswer = (text: string): string => {
  const r = rateText(text);
  return JSON.stringify({ domain: r.domain, ...Object.fromEntries(RATING_KEYS.map((k, i) => [k, r.scores[i]])) });
};

export type TPromptStyle = "dataman" | "instruct" | "plain";
export type TProtocol = "chat" | "completions" | "generate";

/** What the server saw in one request. `nth` counts requests for the same content hash (1-based). */
export type TRequestInfo = {
  path: string;
  protocol: TProtocol;
  style: TPromptStyle;
  text: string;
  hash: string;
  nth: number;
  authorization: string | undefined;
  body: Record<string, unknown>;
  /** Set once an HTTP 200 answer was delivered: the tokens it reported. */
  answered?: { promptTokens: number; completionTokens: number };
};

export type TServerAction =
  | { kind: "ok"; delayMs?: number }
  | { kind: "malformed"; delayMs?: number; text?: string }
  | { kind: "text"; text: string; delayMs?: number }
  | { kind: "status"; status: number; retryAfter?: string; delayMs?: number }
  | { kind: "drop"; delayMs?: number }
  /** Any body as is (protocol violations: not JSON, no choices, an error page). */
  | { kind: "raw"; status: number; body: string; contentType?: string; delayMs?: number };

const DATAMAN_TEXT = /Please score the text on fourteen evaluation criteria and specify its domain:\nText: ([\s\S]*)\nDomain:_\n\[1\]Accuracy:_\/5/;
const INSTRUCT_TEXT = /\nText: ([\s\S]*)\nDomain Types:/;

/** The document text and prompt style of a prompt. */
export const extractDocument = (prompt: string): { style: TPromptStyle; text: string } => {
  const d = prompt.match(DATAMAN_TEXT);
  if (d) return { style: "dataman", text: d[1] };
  const i = prompt.match(INSTRUCT_TEXT);
  if (i) return { style: "instruct", text: i[1] };
  return { style: "plain", text: prompt };
};

export type TInferenceServer = {
  url: string;
  /** Chooses what to do with each request (default: a good answer). */
  setBehaviour: (fn: (info: TRequestInfo) => TServerAction) => void;
  /** Added before every answer. */
  setLatency: (ms: number) => void;
  /** Requests per content hash. */
  requestsByHash: Map<string, number>;
  /** Answers (HTTP 200) delivered per content hash, good or malformed. */
  answersByHash: Map<string, number>;
  requests: TRequestInfo[];
  /** Start times (ms) of every request. */
  startTimes: number[];
  inFlight: () => number;
  maxInFlight: () => number;
  /** Keep `requests` (bodies included) for inspection; off for the bench. */
  recordRequests: (on: boolean) => void;
  reset: () => void;
  close: () => Promise<void>;
};

const readBody = (req: http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });

const promptOf = (protocol: TProtocol, body: Record<string, unknown>): string => {
  if (protocol === "chat") {
    const messages = (body.messages ?? []) as { role: string; content: string }[];
    return messages.filter((m) => m.role === "user").map((m) => m.content).join("\n");
  }
  if (protocol === "completions") return String(body.prompt ?? "");
  return String(body.inputs ?? "");
};

export const startInferenceServer = async (opts: { latencyMs?: number; model?: string } = {}): Promise<TInferenceServer> => {
  let behaviour: (info: TRequestInfo) => TServerAction = () => ({ kind: "ok" });
  let latency = opts.latencyMs ?? 0;
  let record = true;
  const model = opts.model ?? "test-model";
  const requestsByHash = new Map<string, number>();
  const answersByHash = new Map<string, number>();
  const requests: TRequestInfo[] = [];
  const startTimes: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const json = (res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(payload));
  };

  const answerPayload = (protocol: TProtocol, prompt: string, text: string) => {
    const usage = { prompt_tokens: serverTokens(prompt), completion_tokens: serverTokens(text), total_tokens: serverTokens(prompt) + serverTokens(text) };
    const created = Math.floor(Date.now() / 1000);
    if (protocol === "chat") return { id: "chatcmpl-test", object: "chat.completion", created, model, system_fingerprint: null, choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }], usage };
    if (protocol === "completions") return { id: "cmpl-test", object: "text_completion", created, model, choices: [{ index: 0, text, finish_reason: "stop" }], usage };
    return { generated_text: text, details: { finish_reason: "eos_token", generated_tokens: serverTokens(text), seed: null, prefill: [] } };
  };

  const server = http.createServer(async (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      inFlight--;
    };
    res.on("close", done);
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const raw = await readBody(req);
      if (req.method === "GET" && url.pathname === "/v1/models") return json(res, 200, { object: "list", data: [{ id: model, object: "model", owned_by: "test" }] });
      if (req.method === "GET" && url.pathname.startsWith("/api/models/")) {
        // The Hub's provider mapping, for Inference Providers routed to this server.
        return json(res, 200, { id: url.pathname.slice("/api/models/".length), inferenceProviderMapping: { together: { providerId: `together/${model}`, status: "live", task: "conversational" } } });
      }
      const protocol: TProtocol | null = url.pathname.endsWith("/v1/chat/completions") ? "chat" : url.pathname.endsWith("/v1/completions") ? "completions" : url.pathname.endsWith("/generate") ? "generate" : null;
      if (req.method !== "POST" || !protocol) return json(res, 404, { error: `no route ${req.method} ${url.pathname}` });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return json(res, 400, { error: "invalid JSON" });
      }
      startTimes.push(Date.now());
      const prompt = promptOf(protocol, body);
      const { style, text } = extractDocument(prompt);
      const hash = hashText(text);
      const nth = (requestsByHash.get(hash) ?? 0) + 1;
      requestsByHash.set(hash, nth);
      const info: TRequestInfo = { path: url.pathname, protocol, style, text, hash, nth, authorization: req.headers.authorization, body };
      if (record) requests.push(info);
      const action = behaviour(info);
      const wait = latency + (action.delayMs ?? 0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // The client gave up (timeout) while we waited: nothing is delivered, nothing billed.
      if (res.destroyed || req.socket.destroyed) return;
      if (action.kind === "drop") {
        req.socket.destroy();
        return;
      }
      if (action.kind === "raw") {
        res.writeHead(action.status, { "content-type": action.contentType ?? "application/json" });
        res.end(action.body);
        return;
      }
      if (action.kind === "status") return json(res, action.status, { error: `test server: HTTP ${action.status}` }, action.retryAfter !== undefined ? { "retry-after": action.retryAfter } : {});
      const answer =
        action.kind === "text" ? action.text : action.kind === "malformed" ? (action.text ?? "I cannot rate this text.") : style === "dataman" ? datamanAnswer(text) : style === "instruct" ? instructAnswer(text) : `pong: ${text.slice(0, 40)}`;
      answersByHash.set(hash, (answersByHash.get(hash) ?? 0) + 1);
      info.answered = { promptTokens: serverTokens(prompt), completionTokens: serverTokens(answer) };
      json(res, 200, answerPayload(protocol, prompt, answer));
    } catch (e) {
      if (!res.headersSent) json(res, 500, { error: String(e) });
    }
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setBehaviour: (fn) => {
      behaviour = fn;
    },
    setLatency: (ms) => {
      latency = ms;
    },
    requestsByHash,
    answersByHash,
    requests,
    startTimes,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    recordRequests: (on) => {
      record = on;
    },
    reset: () => {
      requestsByHash.clear();
      answersByHash.clear();
      requests.length = 0;
      startTimes.length = 0;
      maxInFlight = inFlight;
      behaviour = () => ({ kind: "ok" });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
