import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format, initialLang, ROLE_LABELS, SEVERITY_LABELS, STATUS_LABELS, STRINGS, WAIVER_STATE_LABELS } from '../../../web/src/lib/i18n.js';

const CJK = /[\u4e00-\u9fff]/;
/** Strings that are the same in both languages on purpose (names, symbols, the language switch's own label). */
const SAME_IN_BOTH = new Set(['appName', 'teamId', 'dash', 'historyChange', 'syslog', 'switchLanguage']);

test('every console string has English and Chinese, the Chinese written in Chinese, with the same placeholders', () => {
  const tables = { STRINGS, SEVERITY_LABELS, STATUS_LABELS, WAIVER_STATE_LABELS, ROLE_LABELS };
  for (const [table, labels] of Object.entries(tables)) {
    for (const [key, label] of Object.entries(labels)) {
      assert.ok(label.en.trim(), `${table}.${key}: English is empty`);
      assert.ok(label.zh.trim(), `${table}.${key}: Chinese is empty`);
      if (!SAME_IN_BOTH.has(key)) assert.match(label.zh, CJK, `${table}.${key}: "${label.zh}" has no Chinese`);
      const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
      assert.deepEqual(placeholders(label.zh), placeholders(label.en), `${table}.${key}: placeholders differ`);
    }
  }
  assert.match(STRINGS.switchLanguage.en, CJK, 'the switch to Chinese is labelled in Chinese');
});

test('format fills placeholders and leaves unknown ones visible', () => {
  assert.equal(format(STRINGS.chainOk, 'zh', { n: 12, first: 1, last: 12 }), '哈希链完整：共 12 条记录（1 至 12）。');
  assert.equal(format(STRINGS.pageInfo, 'en', { n: 2 }), 'Page 2; {count} findings shown');
});

test('the language is the stored choice, else Chinese for a Chinese browser, else English', () => {
  assert.equal(initialLang('zh', ['en-US']), 'zh');
  assert.equal(initialLang('en', ['zh-CN']), 'en');
  assert.equal(initialLang(null, ['zh-TW', 'en']), 'zh');
  assert.equal(initialLang('fr', ['de-DE']), 'en');
});
