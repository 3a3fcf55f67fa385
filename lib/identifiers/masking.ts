/** Masking for display: resident ID numbers and Chinese names, never shown in the clear. */

/**
 * Masks an ID number for display: first 6 + 8 '*' + last 4, e.g. 110105********002X.
 * Trims and upper-cases. Anything that is not 18 characters is masked entirely (same length),
 * so a malformed value is never shown in the clear.
 */
export function maskIdNumber(id: string): string {
  const s = String(id ?? '').trim().toUpperCase();
  if (s.length !== 18) return '*'.repeat(s.length);
  return s.slice(0, 6) + '********' + s.slice(14);
}

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/**
 * Masks a Chinese name: keeps the first character and, for names of 3+ characters, the last;
 * the characters in between become '*'. 张三 -> 张*, 张三丰 -> 张*丰, 欧阳娜娜 -> 欧**娜.
 * Counts user-perceived characters (so CJK Extension B characters and variation sequences count
 * as one). Trims; empty stays empty; a single character is returned as is.
 */
export function maskName(name: string): string {
  const chars = Array.from(graphemes.segment(String(name ?? '').trim()), (s) => s.segment);
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return chars[0] + '*';
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}
