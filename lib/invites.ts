/** Invite codes arrive as `/start inv_<code>`; the prefix keeps them apart from other deep links. */
export const INVITE_PREFIX = 'inv_';

/** The deep link an invited officer opens: t.me/<bot>?start=inv_<code>. Null when the bot's name is unknown. */
export function inviteLink(botUsername: string | undefined, code: string): string | null {
  return botUsername ? `https://t.me/${botUsername}?start=${INVITE_PREFIX}${code}` : null;
}
