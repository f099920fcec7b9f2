/**
 * Masking of one secret value. Enough stays visible to recognise the credential (`AKI…XYZ`), never enough to use
 * it: at most 4 leading and 4 trailing characters, and never more than a third of the value in total.
 */
export const ELLIPSIS = '…';

export function maskSecret(value: string): string {
  // Whitespace and literal "\n" escapes (PEM bodies in JSON) carry no information: ignore them.
  const compact = value.replace(/\\n|\s+/g, '');
  const shown = Math.min(8, Math.floor(compact.length / 3));
  if (shown < 2) return ELLIPSIS;
  const lead = Math.min(4, Math.ceil(shown / 2));
  const trail = Math.min(4, shown - lead);
  return compact.slice(0, lead) + ELLIPSIS + (trail > 0 ? compact.slice(compact.length - trail) : '');
}
