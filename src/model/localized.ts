/** Text every operator-facing string carries in both languages Rampart reports in. */
export type Lang = 'en' | 'zh';
export const LANGS: readonly Lang[] = ['en', 'zh'];

export interface Localized {
  en: string;
  zh: string;
}

export function isLang(value: string): value is Lang {
  return (LANGS as readonly string[]).includes(value);
}
