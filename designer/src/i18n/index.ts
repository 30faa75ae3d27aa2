import { attachmentStrings } from '../attachments/strings';
import { slaStrings } from '../sla/strings';
import { schedulingStrings } from '../scheduling/strings';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { strings } from './strings';
import { workspaceStrings } from '../inbox/strings';
import { serverTextZh } from './serverText';

export type Language = 'en' | 'zh-CN';
export const LANGUAGES: { code: Language; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
];

const STORAGE_KEY = 'orchestrator.language';

function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: strings.en }, 'zh-CN': { translation: strings['zh-CN'] } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
for (const [lng, table] of Object.entries(workspaceStrings)) i18n.addResourceBundle(lng, 'translation', table, true, false);

i18n.on('languageChanged', (lng) => {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    /* private mode */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
});
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export function antdLocale(language: string) {
  return language === 'zh-CN' ? zhCN : enUS;
}

export default i18n;

/**
 * A translation of server text (descriptor names, descriptions): the table's entry when it has one,
 * else the server's text as it is — never interpolated, so `{{ … }}` in a description stays.
 */
export function tx(key: string, fallback: string, options?: Record<string, unknown>): string {
  return i18n.exists(key) ? i18n.t(key, options) : fallback;
}

for (const [lng, table] of Object.entries(slaStrings)) i18n.addResourceBundle(lng, 'translation', table, true, false);
for (const [lng, table] of Object.entries(serverTextZh)) i18n.addResourceBundle(lng, 'translation', table, true, false);
for (const [lng, table] of Object.entries(schedulingStrings)) i18n.addResourceBundle(lng, 'translation', table, true, false);
for (const [lng, table] of Object.entries(attachmentStrings)) i18n.addResourceBundle(lng, 'translation', table, true, false);
