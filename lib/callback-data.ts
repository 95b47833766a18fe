// Inline-button payloads. Telegram caps callback_data at 64 bytes and sends back whatever a client
// puts there, so it is versioned, short, parsed strictly and never trusted: it names what was
// pressed, and the receiver checks against the database and the workflow who may press it.
const VERSION = 'v1';
const MAX_BYTES = 64;

/** Officers' case actions. */
export const CASE_ACTIONS = {
  open: 'o',
  accept: 'a',
  decline: 'd',
  requestInfo: 'q',
  extend: 'x',
  decide: 'c',
  reassign: 'r',
  outcome: 'oc',
  body: 'b',
  reassignTo: 'rt',
  confirm: 'ok',
  files: 'f',
} as const;
export type CaseAction = keyof typeof CASE_ACTIONS;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** 36-character UUIDs shrink to 22 base64url characters so two fit in one button. */
export function packId(uuid: string): string {
  return Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
}

export function unpackId(packed: string): string | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(packed)) return null;
  const hex = Buffer.from(packed, 'base64url').toString('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return UUID.test(uuid) ? uuid : null;
}

function join(parts: string[]): string {
  const data = [VERSION, ...parts].join(':');
  if (Buffer.byteLength(data, 'utf8') > MAX_BYTES) throw new RangeError(`callback data over ${MAX_BYTES} bytes: ${data}`);
  return data;
}

function split(data: unknown): string[] | null {
  if (typeof data !== 'string' || data.length === 0 || Buffer.byteLength(data, 'utf8') > MAX_BYTES) return null;
  const parts = data.split(':');
  if (parts[0] !== VERSION || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return null;
  return parts.slice(1);
}

export interface CaseButton {
  action: CaseAction;
  reportId: string;
  /** Outcome, competent body, page number or a packed officer id, by action. */
  arg?: string;
}

export function caseData(action: CaseAction, reportId: string, arg?: string): string {
  return join(arg === undefined ? ['c', CASE_ACTIONS[action], packId(reportId)] : ['c', CASE_ACTIONS[action], packId(reportId), arg]);
}

export function parseCaseData(data: unknown): CaseButton | null {
  const parts = split(data);
  if (!parts || parts[0] !== 'c' || parts.length < 3 || parts.length > 4) return null;
  const action = (Object.keys(CASE_ACTIONS) as CaseAction[]).find((key) => CASE_ACTIONS[key] === parts[1]);
  const reportId = unpackId(parts[2]!);
  if (!action || !reportId) return null;
  return parts[3] === undefined ? { action, reportId } : { action, reportId, arg: parts[3] };
}

/** Buttons of the whistleblower's dialog and other bot menus: a feature name and a value. */
export function menuData(feature: string, value = ''): string {
  return join(['m', feature, value]);
}

export function parseMenuData(data: unknown): { feature: string; value: string } | null {
  const parts = split(data);
  if (!parts || parts[0] !== 'm' || parts.length !== 3) return null;
  return { feature: parts[1]!, value: parts[2]! };
}

/** Matches the callback data of one menu feature, for grammY's callbackQuery(). */
export function menuPattern(feature: string): RegExp {
  return new RegExp(`^${VERSION}:m:${feature}:`);
}

/** Matches every officer case button. */
export const CASE_PATTERN = new RegExp(`^${VERSION}:c:`);
