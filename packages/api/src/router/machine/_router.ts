import {
  createMachine,
  deleteMachine,
  listMachines,
  machineDependents,
  updateMachine,
} from "../../inventory/machines";
import { createTRPCRouter, editorProcedure, viewerProcedure } from "../../trpc";
import { byIdInput, idVersionInput } from "../lab/lab.schema";
import { machineCreateInput, machineListInput, machineUpdateInput } from "./machine.schema";

export const machineRouter = createTRPCRouter({
  list: viewerProcedure
    .input(machineListInput)
    .query(({ ctx, input }) => listMachines(ctx.db, ctx.scope.teamId, input)),
  create: editorProcedure
    .input(machineCreateInput)
    .mutation(({ ctx, input }) => createMachine(ctx.scope, input)),
  update: editorProcedure
    .input(machineUpdateInput)
    .mutation(({ ctx, input }) => updateMachine(ctx.scope, input)),
  dependents: viewerProcedure
    .input(byIdInput)
    .query(({ ctx, input }) => machineDependents(ctx.db, ctx.scope.teamId, input.id)),
  delete: editorProcedure.input(idVersionInput).mutation(({ ctx, input }) => deleteMachine(ctx.scope, input)),
});
