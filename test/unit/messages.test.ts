import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { classifyByRules, classifyMessage, parseChainHeader } from '../../server/src/compiler/messages';
import { splitPositionedLine, PathResolver } from '../../server/src/compiler/positions';
import { RECORDED_OUTPUT, recordedVersions } from '../helpers/paths';

/** Every message of every recorded report, as the compiler printed it. */
function recordedMessages(): string[] {
  const messages = new Set<string>();
  for (const version of recordedVersions()) {
    for (const name of fs.readdirSync(path.join(RECORDED_OUTPUT, version)).filter((f) => f.endsWith('.txt'))) {
      const paths = new PathResolver({});
      for (const line of fs.readFileSync(path.join(RECORDED_OUTPUT, version, name), 'utf8').split('\n')) {
        const positioned = splitPositionedLine(line, paths);
        if (positioned && !positioned.message.startsWith(' ')) messages.add(positioned.message);
      }
    }
  }
  return [...messages];
}

// Shapes where reading by hand could go wrong: an earlier rule that also matches, line terminators
// (a regex `.` without the s flag stops there), empty subjects, the suffix inside the subject.
const EDGE_CASES = [
  'moved to heap: x does not escape',
  'moved to heap: x escapes to heap',
  'moved to heap: a\rb does not escape',
  'leaking param: p does not escape',
  'leaking param: p to result ~r0 level=0',
  'leaking param: p to result ~r0 level=x',
  'leaking param: p\rq',
  'leaking param: a\u2028b does not escape',
  'leaking param content: ',
  'leaking param content: \rx does not escape',
  'leaking param: ',
  ' escapes to heap',
  ' does not escape',
  'inlining call to ',
  'inlining call to f escapes to heap',
  '"x does not escape" does not escape',
  'can inline f with cost 3 as: func() { }',
  'can inline f does not escape',
  'cannot inline f: x does not escape',
];

describe('message classification', () => {
  it('reads every recorded message and each tricky shape exactly as the rules do', () => {
    const messages = [...recordedMessages(), ...EDGE_CASES];
    assert.ok(messages.length > 5000, `only ${messages.length} messages recorded`);
    for (const message of messages) assert.deepEqual(classifyMessage(message), classifyByRules(message), JSON.stringify(message));
  });

  it('reads escape chain headers exactly as the header regex does', () => {
    const reference = (message: string) => {
      const match = /^(.+) escapes to heap(?: in (.+))?:$/s.exec(message);
      return match ? { type: 'escape', subject: match[1], inFunction: match[2] } : undefined;
    };
    const headers = [
      'x escapes to heap:',
      'x escapes to heap in f:',
      'x escapes to heap in :',
      'x escapes to heap in f escapes to heap:',
      'a escapes to heap in b escapes to heap in c:',
      ' escapes to heap:',
      'escapes to heap:',
      'x escapes to heap in f: y:',
      'x escapes to heap x:',
      '&T{...} escapes to heap in (*T).m.func1:',
    ];
    for (const header of headers) assert.deepEqual(parseChainHeader(header), reference(header), JSON.stringify(header));
  });
});
