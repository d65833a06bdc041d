// Task 4: the tests of slugify(). One behaviour per test, each named as a sentence, with
// the inputs a real title brings: capitals, accents, punctuation, long titles. The
// length tests sit exactly on the limit and one past it, where off-by-one bugs live.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LENGTH, slugify } from './slugify.js';

describe('slugify', () => {
  it('writes words in lower case joined by hyphens', () => {
    expect(slugify('Hello World')).toBe('hello-world');
    expect(slugify('HTTP APIs')).toBe('http-apis');
  });

  it('lower-cases accented capitals too', () => {
    expect(slugify('ÉCOLE ÉLÉMENTAIRE')).toBe('ecole-elementaire');
  });

  it('keeps digits', () => {
    expect(slugify('Top 10 Tips for 2025')).toBe('top-10-tips-for-2025');
  });

  it('removes accents and keeps the letter', () => {
    expect(slugify('Crème Brûlée')).toBe('creme-brulee');
    expect(slugify('piñata über ålesund')).toBe('pinata-uber-alesund');
  });

  it('spells out letters that have no accent to remove', () => {
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('øre æble œuvre')).toBe('ore-aeble-oeuvre');
    expect(slugify('łaska đak þing')).toBe('laska-dak-thing');
  });

  it('removes apostrophes so that a word stays whole', () => {
    expect(slugify("Don't Panic")).toBe('dont-panic');
    expect(slugify('Rock’n’Roll')).toBe('rocknroll');
  });

  it('turns a run of spaces and punctuation into a single hyphen', () => {
    expect(slugify('Rock & Roll')).toBe('rock-roll');
    expect(slugify('one...two')).toBe('one-two');
  });

  it('turns the hyphens of the title into one hyphen with the spaces around them', () => {
    expect(slugify('a  --  b')).toBe('a-b');
  });

  it('turns an underscore into a hyphen, like any character that is not a-z or 0-9', () => {
    expect(slugify('snake_case_name')).toBe('snake-case-name');
  });

  it('has no hyphen at the start or at the end', () => {
    expect(slugify('  Hello, World!  ')).toBe('hello-world');
    expect(slugify('¿Qué?')).toBe('que');
    expect(slugify('-- draft --')).toBe('draft');
  });

  it('gives an empty slug when no letter or digit is left', () => {
    expect(slugify('!!!')).toBe('');
    expect(slugify('渡辺')).toBe('');
  });

  it('gives an empty slug for an empty title', () => {
    expect(slugify('')).toBe('');
    expect(slugify('   ')).toBe('');
  });

  it('cuts a long title after the last whole word that fits', () => {
    expect(slugify('hello world again', 14)).toBe('hello-world');
    expect(slugify('hello world again', 10)).toBe('hello');
  });

  it('keeps a word that ends exactly at the limit', () => {
    expect(slugify('hello world again', 11)).toBe('hello-world');
  });

  it('leaves a slug exactly as long as the limit whole', () => {
    expect(slugify('hello world', 11)).toBe('hello-world');
  });

  it('leaves no hyphen at the end when the limit falls just after a hyphen', () => {
    expect(slugify('hello world again', 12)).toBe('hello-world');
  });

  it('cuts a first word that is longer than the limit at the limit', () => {
    expect(slugify('Supercalifragilistic', 5)).toBe('super');
  });

  it('uses a limit of 60 characters by default', () => {
    // Words of 7 letters: the 60th character falls inside the 8th word, which is dropped.
    const title = 'seventy '.repeat(30);
    const slug = slugify(title);
    expect(DEFAULT_MAX_LENGTH).toBe(60);
    expect(slug.length).toBeLessThanOrEqual(60);
    expect(slug).toBe(Array.from({ length: 7 }, () => 'seventy').join('-'));
  });

  it('always gives words of a-z and 0-9 joined by single hyphens, within the limit', () => {
    const titles = ['  A  b  ', "It's 9 o'clock!", 'Ça va? Très bien.', 'x'.repeat(70), 'a-b_c.d/e'];
    for (const title of titles) {
      for (const limit of [1, 5, 12, 60]) {
        const slug = slugify(title, limit);
        expect(slug, `slugify(${JSON.stringify(title)}, ${limit})`).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/);
        expect(slug.length, `slugify(${JSON.stringify(title)}, ${limit})`).toBeLessThanOrEqual(limit);
      }
    }
  });
});
