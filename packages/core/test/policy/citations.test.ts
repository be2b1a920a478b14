import { describe, expect, it } from 'vitest';
import { citationsIn } from '../../src/policy/citations.js';

describe('citationsIn', () => {
  it('links every form of citation code, each once, in order of appearance', () => {
    const found = citationsIn([
      'MADV_FREE: default [go1.12:mem_linux.go adviseUnused], RN1.12 (C:55ec5182d7b8, CL 159500; #31679, golang-builder#66)',
      'huge pages D59960 [go1.23.5:malloc.go:781, mpagealloc.go:432] [go1.13dev:mheap.go x] [go@06df3292:mgcscavenge.go] go §3.2, kernel §1, RN1.12 again',
    ]);

    expect(found.map((c) => [c.code, c.urls])).toEqual([
      ['[go1.12:mem_linux.go adviseUnused]', ['https://go.googlesource.com/go/+/refs/tags/go1.12/src/runtime/mem_linux.go']],
      ['RN1.12', ['https://go.dev/doc/go1.12#runtime']],
      ['C:55ec5182d7b8', ['https://go.googlesource.com/go/+/55ec5182d7b8']],
      ['CL 159500', ['https://go.dev/cl/159500']],
      ['#31679', ['https://go.dev/issue/31679']],
      ['golang-builder#66', ['https://github.com/prometheus/golang-builder/issues/66']],
      ['D59960', ['https://go.dev/issue/59960']],
      ['[go1.23.5:malloc.go:781, mpagealloc.go:432]', [
        'https://go.googlesource.com/go/+/refs/tags/go1.23.5/src/runtime/malloc.go#781',
        'https://go.googlesource.com/go/+/refs/tags/go1.23.5/src/runtime/mpagealloc.go#432',
      ]],
      ['[go1.13dev:mheap.go x]', ['https://go.googlesource.com/go/+log/refs/tags/go1.13/src/runtime/mheap.go']],
      ['[go@06df3292:mgcscavenge.go]', ['https://go.googlesource.com/go/+/06df3292/src/runtime/mgcscavenge.go']],
      ['go §3.2', ['https://github.com/scavsim/scavsim/blob/main/docs/sources.md']],
      ['kernel §1', ['https://github.com/scavsim/scavsim/blob/main/docs/sources.md']],
    ]);
    expect(found.every((c) => c.meaning !== '')).toBe(true);
  });

  it('finds nothing in text without codes', () => {
    expect(citationsIn(['GOGC=100, 4.14, MADV_FREE on 1.15'])).toEqual([]);
  });
});
