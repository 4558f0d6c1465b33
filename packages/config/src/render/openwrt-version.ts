// OpenWrt 21.02 moved bridges and MTUs to `config device`; older releases use the legacy layout.

export function openwrtRelease(version: string): { major: number; minor: number } {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`"${version}" is not an OpenWrt release like 19.07.9`);
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export function usesDeviceSections(version: string): boolean {
  const { major, minor } = openwrtRelease(version);
  return major > 21 || (major === 21 && minor >= 2);
}
