// Rendering for the API: a model value that cannot be written safely into a config file (a row
// stored before the text policy, say) is the caller's to fix, not a server fault. It becomes a
// PRECONDITION_FAILED naming the object and field instead of a 500.
import {
  type Bundle,
  type RenderOptions,
  RenderRefusedError,
  renderBundles,
  UnsafeValueError,
} from "@labnet/config";
import type { NetworkModel } from "@labnet/model";
import { TRPCError } from "@trpc/server";

export function renderTeamBundles(model: NetworkModel, options: RenderOptions): Bundle[] {
  try {
    return renderBundles(model, options);
  } catch (error) {
    if (error instanceof RenderRefusedError || error instanceof UnsafeValueError) {
      throw new TRPCError({
        code: "PRECONDITION_FAILED",
        message: `${error.message}. Fix it in the inventory, then publish again.`,
        cause: error,
      });
    }
    throw error;
  }
}
