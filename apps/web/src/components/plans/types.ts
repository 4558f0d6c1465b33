// What the plan pages receive from the API, inferred from the router.
import type { AppRouter } from "@labnet/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

type Plans = inferRouterOutputs<AppRouter>["plan"];
export type PlanDetail = Plans["get"];
export type PlanPreview = PlanDetail["preview"];
export type PreviewFinding = PlanPreview["blocking"][number];
export type MachineDiff = PlanPreview["machines"][number];
export type FileDiff = MachineDiff["files"][number];
export type PlanRollout = Plans["rollout"];
export type PlanListItem = Plans["list"]["items"][number];
export type PlanStatus = NonNullable<inferRouterInputs<AppRouter>["plan"]["list"]["status"]>;
