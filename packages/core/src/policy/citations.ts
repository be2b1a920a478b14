/**
 * What the citation codes in the policy's reasons stand for, and where each can be read: the
 * one table `scavsim policy` and the policy pages explain them from. The forms are those of
 * docs/sources.md ("How to read a citation"), which lists every commit, design document and
 * topic in words; here each form gets its link.
 *
 * @module
 */

/** One code found in a text, explained. */
export interface Citation {
  /** The code as the text writes it (`C:55ec5182d7b8`, `RN1.12`, `[go1.19.8:mheap.go allocSpan]`). */
  readonly code: string;
  /** What kind of source it is. */
  readonly meaning: string;
  /** Where to read it (one per file for a bracketed key naming several). */
  readonly urls: readonly string[];
}

/** The Go repository, as Gerrit's browser serves it. */
const GO_SOURCE = 'https://go.googlesource.com/go/+';
/** Where the notes behind `go §`/`kernel §` topics and scavsim's own keys are listed. */
const SOURCES_PAGE = 'https://github.com/scavsim/scavsim/blob/main/docs/sources.md';

/** One form of citation: how to find it in text, what it is, where it points. */
interface CitationForm {
  /** Global pattern; the whole match is the code. */
  readonly pattern: RegExp;
  readonly meaning: (m: RegExpExecArray) => string;
  readonly urls: (m: RegExpExecArray) => string[];
}

/** `src/runtime/<file>` at a tree: a release tag, a commit (`@hash`), or a development tree (`1.13dev`). */
function runtimeFiles(tree: string, files: string): string[] {
  const dev = /^(\d+\.\d+)dev$/.exec(tree);
  return [...files.matchAll(/([\w-]+\.go)(?::(\d+))?/g)].map(([, file, line]) => {
    // A development tree has no tag: the file's history up to the release it became.
    if (dev !== null) return `${GO_SOURCE}log/refs/tags/go${dev[1]}/src/runtime/${file}`;
    const ref = tree.startsWith('@') ? tree.slice(1) : `refs/tags/go${tree}`;
    return `${GO_SOURCE}/${ref}/src/runtime/${file}${line === undefined ? '' : `#${line}`}`;
  });
}

/** Every form, in the order they are looked for (a bracketed key first: it may contain the others). */
const CITATION_FORMS: readonly CitationForm[] = [
  {
    pattern: /\[go(\d+\.\d+(?:\.\d+)?(?:dev)?|@[0-9a-f]{7,40}):([^\]]+)\]/g,
    meaning: (m) => `Go runtime source (src/runtime) at ${m[1]!.startsWith('@') ? `commit ${m[1]!.slice(1)}` : m[1]!.endsWith('dev') ? `the Go ${m[1]!.slice(0, -3)} development tree` : `go${m[1]!}`}`,
    urls: (m) => runtimeFiles(m[1]!, m[2]!),
  },
  { pattern: /\bC:([0-9a-f]{7,40})\b/g, meaning: () => 'golang/go commit', urls: (m) => [`${GO_SOURCE}/${m[1]!}`] },
  { pattern: /\bCL (\d+)\b/g, meaning: () => 'Go code review (Gerrit change)', urls: (m) => [`https://go.dev/cl/${m[1]!}`] },
  // Prometheus's Go builder image, whose 1.12.5 bump names the allocation-path regression (go §3.2).
  { pattern: /\bgolang-builder#(\d+)\b/g, meaning: () => 'prometheus/golang-builder issue or pull request', urls: (m) => [`https://github.com/prometheus/golang-builder/issues/${m[1]!}`] },
  { pattern: /(?:golang\/go)?#(\d{3,6})\b/g, meaning: () => 'golang/go issue', urls: (m) => [`https://go.dev/issue/${m[1]!}`] },
  {
    pattern: /\bD(\d{4,6})\b/g,
    meaning: (m) => `golang/proposal design document of issue ${m[1]!} (linked from the issue)`,
    urls: (m) => [`https://go.dev/issue/${m[1]!}`],
  },
  { pattern: /\bRN1\.(\d+)\b/g, meaning: (m) => `Go 1.${m[1]!} release notes, runtime section`, urls: (m) => [`https://go.dev/doc/go1.${m[1]!}#runtime`] },
  {
    pattern: /\b(go|kernel) §(\d+(?:\.\d+)*)/g,
    meaning: (m) => `topic ${m[2]!} of scavsim's ${m[1] === 'go' ? 'Go runtime' : 'Linux kernel'} notes`,
    urls: () => [SOURCES_PAGE],
  },
];

/**
 * Every citation code in `texts`, each once, in order of first appearance, with what it is and
 * its links.
 */
export function citationsIn(texts: readonly string[]): Citation[] {
  const found = new Map<string, { at: number; citation: Citation }>();
  texts.forEach((text, t) => {
    let rest = text;
    for (const form of CITATION_FORMS) {
      for (const m of rest.matchAll(form.pattern)) {
        const code = m[0];
        if (!found.has(code)) found.set(code, { at: t * 1e6 + m.index, citation: { code, meaning: form.meaning(m), urls: form.urls(m) } });
      }
      // A bracketed key's insides are not read again as codes of their own.
      rest = rest.replace(form.pattern, (s) => ' '.repeat(s.length));
    }
  });
  return [...found.values()].sort((a, b) => a.at - b.at).map((f) => f.citation);
}
