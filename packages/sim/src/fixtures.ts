// Test fixtures: the demo model with one change applied, parsed with every default filled in.
import { type NetworkModel, type NetworkModelInput, parseNetworkModel } from "@labnet/model";
import { demoModelInput } from "@labnet/model/demo";

type Input = NetworkModelInput;
export type MachineInput = NonNullable<Input["machines"]>[number];
export type RouterInput = NonNullable<MachineInput["router"]>;

export function demoWith(change: (input: Input) => void): NetworkModel {
  const input = structuredClone(demoModelInput);
  change(input);
  const parsed = parseNetworkModel(input);
  if (!parsed.ok)
    throw new Error(parsed.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));
  return parsed.model;
}

export function byId<T extends { id: string }>(items: T[] | undefined, id: string): T {
  const found = items?.find((item) => item.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

export function routerOf(input: Input, id: string): RouterInput {
  return byId(input.machines, id).router!;
}
