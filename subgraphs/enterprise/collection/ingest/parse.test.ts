import { describe, expect, it } from '@jest/globals';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { csvRecords, IngestFileError, rowsOf, sniffEncoding } from './parse.ts';

/** The text cut into chunks of `size` characters: every boundary a parser must survive. */
async function* chunks(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

const all = async <T>(it: AsyncIterable<T>) => { const out: T[] = []; for await (const x of it) out.push(x); return out; };

describe('csvRecords', () => {
  const text = 'a,b,c\r\n1,"x, ""y""\r\nz",3\r\n\r\n4,,6\n7,8,9';
  it('reads quoted commas, quotes and line breaks, CRLF or LF, whatever the chunk boundaries', async () => {
    for (const size of [1, 2, 3, 5, 1000]) {
      expect(await all(csvRecords(chunks(text, size)))).toEqual([
        { line: 1, cells: ['a', 'b', 'c'] },
        { line: 2, cells: ['1', 'x, "y"\r\nz', '3'] },
        { line: 5, cells: ['4', '', '6'] },
        { line: 6, cells: ['7', '8', '9'] },
      ]);
    }
  });

  it('fails a file whose last quoted field is never closed', async () => {
    await expect(all(csvRecords(chunks('a\n"open', 2)))).rejects.toThrow(IngestFileError);
  });
});

describe('rowsOf', () => {
  it('decodes GB18030 split inside a character, maps columns by the header and leaves blank cells out', async () => {
    const bytes = iconv.encode('recordId,名称,金额\r\nR1,深圳市生态环境局,\r\nR2,只有两列\r\n', 'gb18030');
    const input = Readable.from((function* () { for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3); })());
    expect(await all(rowsOf(input, 'CSV', 'GB18030'))).toEqual([
      { line: 2, value: { recordId: 'R1', 名称: '深圳市生态环境局' } },
      { line: 3, value: ['R2', '只有两列'], malformed: 'the row has 2 columns; the header has 3' },
    ]);
  });

  it('drops a UTF-8 BOM and skips blank NDJSON lines', async () => {
    const input = Readable.from([Buffer.from('\uFEFF{"recordId":"a"}\n\n[1\n', 'utf8')]);
    expect(await all(rowsOf(input, 'NDJSON', 'UTF-8'))).toEqual([
      { line: 1, value: { recordId: 'a' } },
      { line: 3, value: '[1', malformed: 'the line is not a JSON value' },
    ]);
  });

  it('sniffs GB18030 where the bytes are not UTF-8', () => {
    expect(sniffEncoding(iconv.encode('名称,金额', 'gb18030'))).toBe('GB18030');
    expect(sniffEncoding(Buffer.from('名称,金额', 'utf8').subarray(0, 4))).toBe('UTF-8');
  });
});
