import { describe, expect, it } from '@jest/globals';
import { maskIdNumber, maskName } from './masking.ts';

describe('masking', () => {
  it('masks an ID number as first 6 + 8 stars + last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
  });

  it('masks a malformed ID number entirely rather than leaking it', () => {
    expect(maskIdNumber('110105491231002')).toBe('***************');
    expect(maskIdNumber('')).toBe('');
  });

  it('masks Chinese names', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('')).toBe('');
    expect(maskName('张')).toBe('张');
  });

  it('counts characters outside the BMP as one character', () => {
    // 𠮷 (U+20BB7) is a surrogate pair in UTF-16.
    expect(maskName('𠮷三丰')).toBe('𠮷*丰');
    expect(maskName('张三𠮷')).toBe('张*𠮷');
  });
});
