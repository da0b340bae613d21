const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** The numbered placeholders of a WhatsApp template body, in order: "Hi {{1}}, {{2}} {{1}}" → ["1", "2"]. */
export function placeholdersOf(body: string): string[] {
  const numbers = new Set<number>();
  for (const match of body.matchAll(PLACEHOLDER)) numbers.add(Number(match[1]));
  return [...numbers].sort((a, b) => a - b).map(String);
}

/** The body with each `{{n}}` replaced by its value; placeholders without a value stay visible. */
export function fillPlaceholders(body: string, values: Record<string, string>): string {
  return body.replace(PLACEHOLDER, (whole, n: string) => values[n]?.trim() || whole);
}

/** Splits a body into text and placeholder parts, to render placeholders as chips. */
export function splitPlaceholders(body: string): { text: string; placeholder: string | null }[] {
  const parts: { text: string; placeholder: string | null }[] = [];
  let last = 0;
  for (const match of body.matchAll(PLACEHOLDER)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ text: body.slice(last, at), placeholder: null });
    parts.push({ text: match[0], placeholder: match[1] });
    last = at + match[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last), placeholder: null });
  return parts;
}
