import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { GoToolchain } from '../../server/src/go/toolchain';

export interface CompilerSizes {
  size: number;
  align: number;
  offsets: Record<string, number>;
}

/**
 * What the compiler itself says of each struct: a test added to the package prints unsafe.Sizeof,
 * Alignof and each field's Offsetof, so the helper is checked against the real thing.
 */
export function compilerSizes(go: GoToolchain, dir: string, layouts: readonly { name: string; fields: readonly { name: string }[] }[]): Record<string, CompilerSizes> {
  const blocks = layouts.map((l) => {
    const offsets = l.fields.filter((f) => f.name !== '_').map((f) => `"${f.name}": unsafe.Offsetof(v.${f.name})`);
    return `{ var v ${l.name}; out["${l.name}"] = sizes{unsafe.Sizeof(v), unsafe.Alignof(v), map[string]uintptr{${offsets.join(', ')}}} }`;
  });
  const packageName = /^package (\w+)/m.exec(fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.go'))!), 'utf8'))![1];
  const program = `package ${packageName}

import (
	"encoding/json"
	"fmt"
	"testing"
	"unsafe"
)

type sizes struct {
	Size    uintptr \`json:"size"\`
	Align   uintptr \`json:"align"\`
	Offsets map[string]uintptr \`json:"offsets"\`
}

func TestPrintSizes(t *testing.T) {
	out := map[string]sizes{}
	${blocks.join('\n\t')}
	data, _ := json.Marshal(out)
	fmt.Printf("SIZES:%s\\n", data)
}
`;
  fs.writeFileSync(path.join(dir, 'zz_sizes_test.go'), program);
  try {
    const output = execFileSync(go.goPath, ['test', '-count=1', '-v', '-run', 'TestPrintSizes', '.'], { cwd: dir, env: go.env, encoding: 'utf8' });
    const line = output.split('\n').find((l) => l.startsWith('SIZES:'));
    assert.ok(line, output);
    return JSON.parse(line.slice('SIZES:'.length));
  } finally {
    fs.rmSync(path.join(dir, 'zz_sizes_test.go'));
  }
}

