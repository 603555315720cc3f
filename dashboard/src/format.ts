import type { Lang } from './i18n.ts';

export function time(iso: string, lang: Lang): string {
  return new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'medium' });
}

export function num(n: number, lang: Lang): string {
  return n.toLocaleString(lang);
}

/** 65 → "1:05", 3725 → "1:02:05" */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
