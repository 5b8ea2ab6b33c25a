import { createContext, useContext } from 'react';
import { format, pick, type Lang, type StringKey, STRINGS } from './lib/i18n.js';
import type { Catalogue, Localized, Permission, Principal, Team } from './lib/types.js';

/** What every page needs: the language, who is signed in and what they may do, and shared reference data. */
export interface AppState {
  lang: Lang;
  principal: Principal;
  permissions: Permission[];
  catalogue: Catalogue | undefined;
  teams: Team[];
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside the signed-in console');
  return state;
}

export const LangContext = createContext<Lang>('en');

/** The translator of the current language: `t('key')`, `t('key', {n: 3})`, `t.label({en, zh})`. */
export interface Translator {
  (key: StringKey, values?: Record<string, string | number>): string;
  label(label: Localized | undefined, values?: Record<string, string | number>): string;
  lang: Lang;
}

export function translator(lang: Lang): Translator {
  const t = ((key: StringKey, values?: Record<string, string | number>) => format(STRINGS[key], lang, values)) as Translator;
  t.label = (label, values) => (label ? (values ? format(label, lang, values) : pick(label, lang)) : '');
  t.lang = lang;
  return t;
}

export function useT(): Translator {
  return translator(useContext(LangContext));
}
