// Every scenario `npm run test:lab` runs, in order (cheap single-lab ones first).
import { blackHoleClamped } from "./black-hole-clamped";
import { clampCannotHelp } from "./clamp-cannot-help";
import { doubleNatNarrow } from "./double-nat-narrow";
import { icmpBlackHole } from "./icmp-black-hole";
import { pppoe } from "./pppoe";
import { sambaFirewall } from "./samba-firewall";
import { singleNat } from "./single-nat";
import { tincCutOff } from "./tinc-cut-off";
import { tincMesh } from "./tinc-mesh";
import type { Scenario } from "./types";

export type { Scenario } from "./types";

export const scenarios: Scenario[] = [
  singleNat,
  doubleNatNarrow,
  icmpBlackHole,
  blackHoleClamped,
  clampCannotHelp,
  pppoe,
  sambaFirewall,
  tincMesh,
  tincCutOff,
];
