/** Countries offered as the default for phone numbers without a +country code. */
export const NO_COUNTRY = '__none__';

const COUNTRY_CODES = [
  'US', 'CA', 'GB', 'IE', 'FR', 'DE', 'ES', 'IT', 'PT', 'NL', 'BE', 'CH', 'AT', 'SE', 'NO', 'DK', 'FI', 'PL', 'CZ',
  'AU', 'NZ', 'IN', 'SG', 'JP', 'KR', 'CN', 'HK', 'BR', 'MX', 'AR', 'CL', 'CO', 'ZA', 'NG', 'KE', 'AE', 'SA', 'IL', 'TR',
];

export function countries(): { code: string; name: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(['en'], { type: 'region' });
  } catch {
    /* older engines: fall back to codes */
  }
  return COUNTRY_CODES.map((code) => ({ code, name: names?.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The browser's region (en-US → US) when we list it, otherwise none. */
export function guessCountry(): string {
  const region = (navigator.language || '').split('-')[1]?.toUpperCase();
  return region && COUNTRY_CODES.includes(region) ? region : NO_COUNTRY;
}

