// The shapes the insight components draw: the insight router's outputs. The plan view builds the
// same shapes from a draft model (packages/api/src/router/insight/views.ts) to show before/after.
import type { AppRouter } from "@labnet/api";
import type { inferRouterOutputs } from "@trpc/server";

type Insight = inferRouterOutputs<AppRouter>["insight"];
export type MeshView = Insight["mesh"];
export type MeshIntranet = MeshView["intranets"][number];
export type MeshSite = MeshIntranet["sites"][number];
export type LabView = Insight["lab"];
export type MatrixView = Insight["matrix"];
export type PathView = Insight["path"];
export type LadderHop = PathView["hops"][number];
export type FindingsPage = Insight["findings"];
export type FindingView = FindingsPage["items"][number];
export type { PairGrade } from "@labnet/sim";
