import { itemAt } from '@platform/common';
import type { Random } from '../random/random';

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'kr', 'st', 'tr', 'gr', 'pl', 'sh', 'ch'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'io', 'ea'];
const CODAS = ['', '', '', 'n', 'x', 'r', 's', 'l', 'k', 'm'];

/** `count` distinct made-up brand names, lower case like the real ones ("vitek", "krona"). */
export function brandNames(random: Random, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) {
    const syllables = 2 + (random.next() < 0.3 ? 1 : 0);
    let name = '';
    for (let i = 0; i < syllables; i++) name += itemAt(ONSETS, random.int(ONSETS.length)) + itemAt(VOWELS, random.int(VOWELS.length));
    name += CODAS[random.int(CODAS.length)];
    if (random.next() < 0.04) name += `-${ONSETS[random.int(ONSETS.length)]}${VOWELS[random.int(VOWELS.length)]}`;
    names.add(name);
  }
  return [...names];
}
