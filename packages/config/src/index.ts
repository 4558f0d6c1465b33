export type { Bundle, BundleFile, BundleKind, RenderOptions } from "./bundle";
export { renderBundles, renderMachineBundle } from "./render/bundles";
export { dnsmasqHostLine } from "./render/dnsmasq";
export { expandSmbTemplate, type SmbTemplateValues } from "./render/samba";
export { parseUci, type UciDocument } from "./uci/parse";
