// @labnet/sim: preview what a NetworkModel will do — reachability, path MTU, NAT chains and
// findings, each with its reasons. Pure: no database, no network, no clock.
export { analyze } from "./analyze";
export {
  type ClassPair,
  diff,
  diffAnalyses,
  isEmptyDiff,
  type PathChange,
  type ServiceChange,
  type SimDiff,
} from "./diff";
export { findingKey } from "./findings";
export { findingRules } from "./findings/catalogue";
export {
  type ClassMatrix,
  classMatrix,
  gradeOf,
  type PairGrade,
  pairGradeCode,
  pairGradeFromCode,
  pairGrades,
} from "./matrix";
export {
  assessLargePackets,
  computePathMtu,
  encapsulationOverhead,
  mssFor,
  tincFrameOverhead,
  tincInnerIpMtu,
  tincMaxFrame,
  tincOuterLength,
} from "./mtu";
export {
  type DhcpPrediction,
  type InternetPrediction,
  type PairPrediction,
  type Predictions,
  predictions,
  predictionsFor,
} from "./predictions";
export { verdictFor } from "./reachability";
export type * from "./types";
