// What every rule gets: the model's lookup tables and the computed topology, mesh and paths.
import type { ModelContext } from "../context";
import type { MeshFacts } from "../mesh";
import type { Topology } from "../topology";
import type { EndpointClass, InboundService } from "../types";

export interface RuleInput {
  context: ModelContext;
  topology: Topology;
  mesh: MeshFacts;
  classes: EndpointClass[];
  services: InboundService[];
}
