// Deterministic placement of an intranet's sites: same sites, same picture on every visit. Sites
// sit on a circle in segment order (then id), starting at 12 o'clock; the radius grows with the
// number of sites so that neighbouring cards never overlap.
export interface LayoutSite {
  id: string;
  segment: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Width and height reserved for one site card, in flow units. */
export const siteCard = { width: 190, height: 96 };

export function meshLayout(sites: readonly LayoutSite[]): Map<string, Point> {
  const ordered = [...sites].sort(
    (a, b) => a.segment - b.segment || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const positions = new Map<string, Point>();
  if (ordered.length === 1) {
    positions.set(ordered[0]!.id, { x: 0, y: 0 });
    return positions;
  }
  // Arc length per card: its diagonal plus a margin, so cards clear each other at any angle.
  const spacing = Math.hypot(siteCard.width, siteCard.height) + 40;
  const radius = Math.max(220, (ordered.length * spacing) / (2 * Math.PI));
  ordered.forEach((site, index) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * index) / ordered.length;
    positions.set(site.id, {
      x: Math.round(radius * Math.cos(angle) - siteCard.width / 2),
      y: Math.round(radius * Math.sin(angle) - siteCard.height / 2),
    });
  });
  return positions;
}
