// Small helpers to build inline keyboards from translated labels and menu callback data.
import { InlineKeyboard } from 'grammy';
import { menuData } from '../lib/callback-data.js';

export type Button = [label: string, feature: string, value?: string];

/** One button per row for choices people read carefully (units, modes); pairs for short ones. */
export function menu(buttons: Button[], perRow = 1): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  buttons.forEach(([label, feature, value], index) => {
    keyboard.text(label, menuData(feature, value));
    if ((index + 1) % perRow === 0 && index < buttons.length - 1) keyboard.row();
  });
  return keyboard;
}
