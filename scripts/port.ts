// Port probes for the scripts: `npm start` refuses a taken port up front, `npm run newcomer` checks that a
// stopped labnet gave its port back.
import { once } from "node:events";
import { createServer } from "node:net";

/** Whether `port` can be listened on, on every interface as labnet's web server listens. */
export async function portIsFree(port: number): Promise<boolean> {
  const probe = createServer();
  try {
    probe.listen(port);
    await once(probe, "listening");
    return true;
  } catch {
    return false;
  } finally {
    await new Promise((resolve) => probe.close(resolve));
  }
}
