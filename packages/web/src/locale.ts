/**
 * A locale Intl accepts, set before uPlot loads.
 *
 * uPlot builds its number formatter from `navigator.language` when its module is evaluated
 * (`numFormatter = new Intl.NumberFormat(navigator.language)`, uPlot 1.6.32 `dist/uPlot.esm.js`), and Intl throws a
 * RangeError for a tag it rejects. A container whose locale is `C`/`POSIX` hands Chromium
 * `en-US@posix`, so the page died before drawing anything. This module is the page's first
 * import: when Intl rejects the browser's language it makes `navigator.language` the nearest tag
 * Intl accepts (the tag without its `@…` modifier and POSIX suffixes, else Intl's own default
 * locale), so every later Intl user sees a valid one.
 *
 * @module
 */

/** Whether Intl accepts `tag`. */
function accepted(tag: string): boolean {
  try {
    new Intl.NumberFormat(tag);
    return true;
  } catch {
    return false;
  }
}

/**
 * The locale the page uses: `tag` itself when Intl takes it, else the tag stripped of a
 * `@modifier` and a `.codeset` (`en-US@posix` → `en-US`, `de_DE.UTF-8` → `de-DE`), else Intl's
 * default locale (never rejected).
 */
export function usableLocale(tag: string): string {
  if (accepted(tag)) return tag;
  const stripped = tag.replace(/[@.].*$/, '').replace(/_/g, '-');
  if (stripped !== '' && !/^(c|posix)$/i.test(stripped) && accepted(stripped)) return stripped;
  return new Intl.NumberFormat().resolvedOptions().locale;
}

if (typeof navigator !== 'undefined') {
  const lang = usableLocale(navigator.language);
  if (lang !== navigator.language) {
    // An own property shadows Navigator.prototype's getter for this page only.
    Object.defineProperty(navigator, 'language', { value: lang, configurable: true });
    Object.defineProperty(navigator, 'languages', { value: Object.freeze([lang]), configurable: true });
  }
}
