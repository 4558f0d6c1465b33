// Test fixtures for the spool's parking and per-entry backoff, shared by the Node and the shell
// agent's tests: a report labnet refuses for good and a batch that makes the server fail.
import { serveFetchHandler } from "@labnet/api/agent/testing";

/** A report of a revision never published for the machine: labnet answers 400 for it, always. */
export function neverPublishedReport(reportId: string) {
  const at = new Date().toISOString();
  return {
    reportId,
    revision: 999_999,
    sha256: "0".repeat(64),
    status: "applied",
    startedAt: at,
    finishedAt: at,
    log: [],
    error: null,
  };
}

const failingBatchId = "failing-batch";

/** An observation batch the server below answers 500 for. */
export const failingBatch = () => ({
  batchId: failingBatchId,
  observedAt: new Date().toISOString(),
  interfaces: [],
});

/** Serves `handler`, except that any POST carrying the failing batch gets a 500, counted. */
export async function serveFailingOnBatch(handler: (request: Request) => Promise<Response>) {
  let failedAnswers = 0;
  const served = await serveFetchHandler(async (request) => {
    if (request.method === "POST" && (await request.clone().text()).includes(failingBatchId)) {
      failedAnswers++;
      return Response.json({ error: { code: "internal", message: "boom" } }, { status: 500 });
    }
    return handler(request);
  });
  return { ...served, failedAnswers: () => failedAnswers };
}
