/** Test helper process: starts an upload that sends one chunk and then waits forever (to be killed). */
import { saveUpload } from "@/lib/ingest/save-upload";

const body = new ReadableStream<Uint8Array>({
  start(controller) {
    controller.enqueue(new TextEncoder().encode('{"text":"first chunk"}\n'));
  },
});
void saveUpload("slow.jsonl", body);
setInterval(() => {}, 1_000);
