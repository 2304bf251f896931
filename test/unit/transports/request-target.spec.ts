import {
  decodeSegment,
  isUnder,
  parseTarget,
} from '../../../src/transports/upgrades/request-target.js';

describe(parseTarget.name, () => {
  it('splits an origin-form target into its raw path and its query, whatever the escapes', () => {
    const target = parseTarget('/ws/use/%E0?uid=%E0&interaction=a%20b');
    expect(target?.path).toBe('/ws/use/%E0');
    expect(target?.query.get('uid')).toBe('\uFFFD');
    expect(target?.query.get('interaction')).toBe('a b');
    expect(parseTarget('/socket.io/')).toMatchObject({ path: '/socket.io/' });
  });

  it('is undefined for anything but a path, without throwing', () => {
    for (const target of [undefined, '', '*', 'http://[/ws', 'http://x/ws', '//[/ws', 'ws'])
      expect(parseTarget(target)).toBeUndefined();
  });
});

describe(decodeSegment.name, () => {
  it('decodes valid percent-encoded UTF-8 and is undefined for the rest', () => {
    expect(decodeSegment('ann%20b%C3%A9')).toBe('ann bé');
    for (const bad of ['%E0', '%', '%zz', '%C0%AF', '%F0%9F%98'])
      expect(decodeSegment(bad)).toBeUndefined();
  });
});

describe(isUnder.name, () => {
  it('takes the path itself and what is under it, not a longer name', () => {
    expect(['/ws', '/ws/', '/ws/use/x'].map((p) => isUnder(p, '/ws'))).toEqual([true, true, true]);
    expect(['/wsx', '/w', '/'].map((p) => isUnder(p, '/ws'))).toEqual([false, false, false]);
    expect(isUnder('/socket.io/', '/socket.io')).toBe(true);
  });
});
