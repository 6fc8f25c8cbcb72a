import { Denied } from "@/components/auth/denied";
import { EndpointsManager } from "@/components/settings/endpoints-manager";
import { HF_PROVIDERS } from "@/lib/inference/endpoint-schema";
import { listEndpoints } from "@/lib/inference/endpoints";
import { pageUserWithRole } from "@/lib/auth/page-user";

export const dynamic = "force-dynamic";

export default async function EndpointsPage() {
  if (!(await pageUserWithRole("admin"))) return <Denied role="admin" />;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Settings · Inference endpoints</h1>
        <p className="text-sm text-slate-600">
          Servers that model-backed annotators call: any OpenAI-compatible server (vLLM, llama.cpp, Ollama, TGI), TGI&apos;s native API, a dedicated Hugging Face Inference
          Endpoint, or Hugging Face Inference Providers. Tokens stay on the server.
        </p>
      </div>
      <EndpointsManager initial={listEndpoints()} providers={HF_PROVIDERS} />
    </div>
  );
}
