// The bodies a report can concern and the kinds of wrongdoing, as stable keys. Their names live in
// the locale files (unit-<key>, category-<key>).
export const UNITS = ['police', 'migration', 'border', 'emergency', 'guard', 'service-centres', 'ministry', 'other'] as const;
export type Unit = (typeof UNITS)[number];

export const CATEGORIES = ['bribery', 'abuse-of-office', 'procurement', 'conflict-of-interest', 'misuse-of-funds', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const isUnit = (value: unknown): value is Unit => typeof value === 'string' && (UNITS as readonly string[]).includes(value);
export const isCategory = (value: unknown): value is Category =>
  typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
