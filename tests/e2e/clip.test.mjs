// The one clip() (www/element/text.js): the Explore panel's chart and map labels and the author
// page's outline, pickers and map. No browser; well under a second.
//
//   node --test tests/e2e/clip.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clip } from '../../www/element/text.js';

test('clip cuts whole characters, never half a surrogate pair or an emoji sequence', () => {
  assert.equal(clip('short', 10), 'short');
  assert.equal(clip('  two\n\tlines  ', 20), 'two lines', 'white space collapsed');
  assert.equal(clip(null, 5), '');
  assert.equal(clip('abcdef', 4), 'abc…');
  // 𝒳 is one character in two UTF-16 units: the old author-page clip cut it in half.
  const cut = clip('𝒳𝒳𝒳𝒳', 3);
  assert.equal(cut, '𝒳𝒳…');
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut), 'no lone high surrogate');
  // A flag is two code points, one grapheme: kept whole.
  assert.equal(clip('🇨🇳🇺🇸 talks', 3), '🇨🇳🇺🇸…');
  assert.equal(clip('中美网络协议', 4), '中美网…');
});
