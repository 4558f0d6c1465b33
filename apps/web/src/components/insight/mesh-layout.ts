// Deterministic placement of an intranet's sites: same sites, same picture on every visit. Up to
// `ringLimit` sites sit on a circle in segment order (then id), starting at 12 o'clock, the radius
// growing so that neighbouring cards never overlap. Larger meshes fill a grid in segment order
// instead: a ring of hundreds of cards is too wide to read at any zoom that fits it on a laptop.
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

export const ringLimit = 32;
const gap = { x: 40, y: 40 };

export function meshLayout(sites: readonly LayoutSite[]): Map<string, Point> {
  const ordered = [...sites].sort(
    (a, b) => a.segment - b.segment || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const positions = new Map<string, Point>();
  if (ordered.length === 1) {
    positions.set(ordered[0]!.id, { x: 0, y: 0 });
    return positions;
  }
  if (ordered.length > ringLimit) {
    // Roughly as wide as tall in screen terms (the map is wider than high), in segment order.
    const columns = Math.ceil(Math.sqrt(ordered.length * 1.5));
    ordered.forEach((site, index) => {
      positions.set(site.id, {
        x: (index % columns) * (siteCard.width + gap.x),
        y: Math.floor(index / columns) * (siteCard.height + gap.y),
      });
    });
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
