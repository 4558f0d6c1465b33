export type { Bundle, BundleFile, BundleKind, RenderOptions } from "./bundle";
export { importDnsmasq } from "./import/dnsmasq";
export { importFiles } from "./import/files";
export { importDhcpLeases } from "./import/leases";
export {
  importOpenwrtDhcp,
  importOpenwrtFirewall,
  importOpenwrtNetwork,
  importOpenwrtSamba4,
  importOpenwrtSqm,
} from "./import/openwrt";
export { importTincFolder } from "./import/tinc";
export type { ImportProblem, ImportResult, ModelFragment, SourceFile } from "./import/types";
export { UnsafeValueError } from "./quote/error";
export { renderBundles, renderMachineBundle } from "./render/bundles";
export { type RenderIssue, RenderRefusedError } from "./render/check";
export { dnsmasqHostLine } from "./render/dnsmasq";
export { expandSmbTemplate, type SmbTemplateValues } from "./render/samba";
export { parseUci, type UciDocument } from "./uci/parse";
