import { idSchema } from "@labnet/model";
import { z } from "zod";

export const teamSwitchInput = z.object({ teamId: idSchema });
