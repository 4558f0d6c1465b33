import type { NetworkModel } from "@labnet/model";

export interface Scenario {
  name: string;
  /** What the scenario shows, in one or two sentences. */
  description: string;
  model: NetworkModel;
  /** A change applied to the running lab after the first measurement. */
  change?: { description: string; model: NetworkModel };
}
