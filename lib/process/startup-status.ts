import http from "node:http";

export type TStepState = "pending" | "running" | "done" | "skipped" | "failed";
export type TStep = { id: string; label: string; state: TStepState; detail?: string; startedAt?: number; finishedAt?: number };
export type TStartupStatus = { winnowStartup: true; startedAt: number; now: number; steps: TStep[]; output: string[]; failed?: string };

/** The path the status page polls; the studio answers it with 404, which tells the page to reload. */
export const STATUS_PATH = "/__winnow/startup";
const OUTPUT_LINES = 12;

/** Start-up steps and their progress, shown on the status page and in the terminal. */
export class StartupProgress {
  readonly startedAt = Date.now();
  private readonly steps: TStep[];
  private readonly output: string[] = [];
  private failed?: string;

  constructor(steps: { id: string; label: string }[]) {
    this.steps = steps.map((s) => ({ ...s, state: "pending" }));
  }

  private step(id: string): TStep {
    const s = this.steps.find((x) => x.id === id);
    if (!s) throw new Error(`unknown start-up step ${id}`);
    return s;
  }

  begin(id: string, detail?: string): void {
    Object.assign(this.step(id), { state: "running", detail, startedAt: Date.now() });
  }

  update(id: string, detail: string): void {
    this.step(id).detail = detail;
  }

  end(id: string, state: "done" | "skipped" | "failed" = "done", detail?: string): void {
    const s = this.step(id);
    Object.assign(s, { state, finishedAt: Date.now() }, detail === undefined ? {} : { detail });
    if (state === "failed") this.failed = `${s.label}: ${detail ?? "failed"}`;
  }

  /** Keeps the last lines of a long step's output (the app build's) for the page. */
  addOutput(line: string): void {
    this.output.push(line);
    if (this.output.length > OUTPUT_LINES) this.output.shift();
  }

  snapshot(): TStartupStatus {
    return { winnowStartup: true, startedAt: this.startedAt, now: Date.now(), steps: this.steps.map((s) => ({ ...s })), output: [...this.output], failed: this.failed };
  }
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Winnow is starting…</title>
<noscript><meta http-equiv="refresh" content="5"></noscript>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}
main{max-width:640px;margin:10vh auto;padding:0 24px}
h1{font-size:22px;margin:0 0 4px}p{color:#475569;margin:0 0 20px}
ol{list-style:none;padding:0;margin:0 0 20px}li{display:flex;gap:10px;padding:8px 0;border-bottom:1px solid #e2e8f0}
.i{width:18px;text-align:center}.l{flex:1}.d{color:#64748b;font-size:13px}.t{color:#64748b;font-variant-numeric:tabular-nums}
.running .i{animation:spin 1s linear infinite}@keyframes spin{to{transform:rotate(360deg)}}
.failed{color:#b91c1c}pre{background:#0f172a;color:#e2e8f0;padding:12px;border-radius:6px;font-size:12px;overflow:auto;white-space:pre-wrap}
</style></head><body><main>
<h1>Winnow is starting</h1><p id="sub">The studio opens here by itself when it is ready.</p>
<ol id="steps"></ol><pre id="out" hidden></pre>
</main><script>
const icon={pending:"○",running:"◐",done:"✓",skipped:"–",failed:"✗"};
const secs=(ms)=>(ms/1000).toFixed(0)+" s";
const esc=(s)=>String(s).replace(/[&<>"]/g,(c)=>({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"})[c]);
let handover=false;
async function poll(){
  try{
    const r=await fetch("${STATUS_PATH}",{cache:"no-store"});
    const s=r.headers.get("content-type")?.includes("json")?await r.json().catch(()=>null):null;
    if(!s||!s.winnowStartup){ if(handover||r.status<500){location.reload();return;} }
    else render(s);
  }catch(e){ handover=true; document.getElementById("sub").textContent="Opening the studio…"; }
  setTimeout(poll,1000);
}
function render(s){
  document.getElementById("steps").innerHTML=s.steps.map((x)=>{
    const t=x.startedAt?secs((x.finishedAt||s.now)-x.startedAt):"";
    return '<li class="'+x.state+'"><span class="i">'+icon[x.state]+'</span><span class="l">'+esc(x.label)+(x.detail?'<br><span class="d">'+esc(x.detail)+'</span>':'')+'</span><span class="t">'+t+'</span></li>';
  }).join("");
  const out=document.getElementById("out");out.hidden=s.output.length===0;out.textContent=s.output.join("\\n");
  document.getElementById("sub").textContent=s.failed?"Start-up failed: "+s.failed+" (see the terminal).":"Started "+secs(s.now-s.startedAt)+" ago. The studio opens here by itself when it is ready.";
  if(s.failed)document.getElementById("sub").className="failed";
}
poll();
</script></body></html>`;

/**
 * Answers on the studio's port while `npm start` prepares it: every page request gets the status
 * page (which polls STATUS_PATH and reloads once the studio answers instead), API requests get 503
 * with Retry-After. Closed right before the web server takes the port over.
 */
export const startStatusServer = (progress: StartupProgress, host: string, port: number): Promise<{ close: () => Promise<void> }> =>
  new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const url = req.url ?? "/";
      const headers = { "cache-control": "no-store", "x-winnow-startup": "1" };
      if (url === STATUS_PATH) {
        res.writeHead(200, { ...headers, "content-type": "application/json" });
        res.end(JSON.stringify(progress.snapshot()));
      } else if (url.startsWith("/api/") || req.method !== "GET") {
        res.writeHead(503, { ...headers, "content-type": "application/json", "retry-after": "5" });
        res.end(JSON.stringify({ error: { code: "STARTING", message: "Winnow is starting; try again in a few seconds" } }));
      } else {
        res.writeHead(200, { ...headers, "content-type": "text/html; charset=utf-8" });
        res.end(PAGE);
      }
    });
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
